// The JS side of each core module, installed onto the API object in this order.
export const modules = [];
