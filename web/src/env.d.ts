/// <reference types="vite/client" />

/** engine.wasm's path under the page's base URL (web/vite.config.ts): its folder
 *  is named after a hash of engine.wasm and wasm_exec.js, which sits beside it. */
declare const ENGINE_WASM_PATH: string;
