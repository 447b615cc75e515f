// The promokit SDK, loaded once per page (the wasm is fetched and streamed by the browser loader).
import { loadPromokit, PromokitError } from 'promokit';

export { PromokitError };
let promise;
export function sdk() {
  promise ??= loadPromokit();
  return promise;
}
