import type { HeldOutExample, TrainingExample } from './corpus';
import { INTENTS, type Intent } from './types';

/** One labelled utterance in CLU's project file. */
export interface CluUtterance {
  text: string;
  language: 'sr' | 'en';
  intent: string;
  entities: never[];
  dataset: 'Train' | 'Test';
}

/** A CLU (Conversation) project file, as CLU's authoring import takes it. */
export interface CluProject {
  projectFileVersion: string;
  stringIndexType: 'Utf16CodeUnit';
  metadata: {
    projectKind: 'Conversation';
    projectName: string;
    multilingual: true;
    language: 'sr';
    description: string;
    settings: { confidenceThreshold: number };
  };
  assets: {
    projectKind: 'Conversation';
    intents: { category: string }[];
    entities: never[];
    utterances: CluUtterance[];
  };
}

/** CLU has a built-in "None" intent: this project's `none` is that one. */
export function cluIntentName(intent: Intent): string {
  return intent === 'none' ? 'None' : intent;
}

/**
 * The NLU corpus (content/nlu/corpus) as a CLU project to import
 * (`az cognitiveservices`/Language Studio "Import", or the authoring REST
 * API's `:import`): every training utterance in dataset Train, the held-out
 * set in dataset Test, one multilingual project (Serbian in both scripts and
 * English). The intent names are the project's own, so CluRecognizer maps
 * CLU's answers back one to one. Entities are not labelled in the corpus:
 * the recognizer finds platforms, municipalities and ages itself.
 */
export function buildCluProject(training: TrainingExample[], heldOut: HeldOutExample[], projectName: string): CluProject {
  const utterances: CluUtterance[] = [];
  const seen = new Set<string>();
  const add = (text: string, language: 'sr' | 'en', intent: Intent, dataset: 'Train' | 'Test'): void => {
    // CLU rejects a project in which one text carries two labels; the first (training) one stands.
    const key = `${language}\u0000${text.trim().toLowerCase()}`;
    if (seen.has(key)) return;
    seen.add(key);
    utterances.push({ text: text.trim(), language, intent: cluIntentName(intent), entities: [], dataset });
  };
  for (const e of training) add(e.text, e.language, e.intent, 'Train');
  for (const e of heldOut) add(e.text, e.locale === 'en' ? 'en' : 'sr', e.intent, 'Test');
  return {
    projectFileVersion: '2023-04-01',
    stringIndexType: 'Utf16CodeUnit',
    metadata: {
      projectKind: 'Conversation',
      projectName,
      multilingual: true,
      language: 'sr',
      description: 'Bezbedno: child online safety assistant (Serbian Latin/Cyrillic and English), exported from content/nlu',
      settings: { confidenceThreshold: 0 },
    },
    assets: { projectKind: 'Conversation', intents: INTENTS.map((i) => ({ category: cluIntentName(i) })), entities: [], utterances },
  };
}
