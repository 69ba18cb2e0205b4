import { createContext, useContext } from "react";

/** The request's CSP nonce: set by entry.server on the server render only (empty in the browser). */
export const NonceContext = createContext<string | undefined>(undefined);
export const useNonce = () => useContext(NonceContext);
