export declare const WEBCHAT_BUNDLE: string;
export declare function webChatIsFresh(): boolean;
export declare function buildWebChat(options?: { quiet?: boolean }): Promise<void>;
export declare function ensureWebChat(options?: { quiet?: boolean }): Promise<boolean>;
