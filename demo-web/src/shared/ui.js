// Preact with htm tagged templates: components without a JSX build step.
export { h, render } from 'preact';
export { useState, useEffect, useMemo, useRef, useCallback } from 'preact/hooks';
import { h } from 'preact';
import htm from 'htm';
export const html = htm.bind(h);
