// Minimal typings for the parts of NLP.js v4 this project uses (the
// packages ship JavaScript only).
declare module '@nlpjs/nlp' {
  export interface NluClassification {
    intent: string;
    score: number;
  }
  export interface NluOutput {
    intent: string;
    score: number;
    classifications: NluClassification[];
  }
  export interface NluManager {
    process(input: { locale: string; utterance: string; settings: Record<string, unknown> }): Promise<NluOutput>;
    guessLanguage: (...args: unknown[]) => unknown;
    settings: Record<string, unknown>;
    addLanguage(locales: string[]): void;
  }
  export interface NlpSettings {
    languages: string[];
    autoSave: boolean;
    autoLoad: boolean;
    forceNER: boolean;
    nlu?: Record<string, unknown>;
    threshold?: number;
  }
  export class Nlp {
    constructor(settings: NlpSettings);
    nluManager: NluManager;
    settings: NlpSettings;
    container: { register(name: string, instance: unknown, isSingleton: boolean): void };
    use(plugin: unknown): void;
    addDocument(locale: string, utterance: string, intent: string): void;
    train(): Promise<unknown>;
  }
}
declare module '@nlpjs/lang-sr' {
  export const LangSr: unknown;
}
declare module '@nlpjs/lang-en' {
  export const LangEn: unknown;
}
