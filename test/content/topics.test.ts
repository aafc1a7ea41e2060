import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { buildCatalog, Messages } from '../../services/i18n/catalog';
import { Locale } from '../../services/i18n/locales';
import { TOPIC_INTENTS, TopicIntent } from '../../services/nlu/types';
import { fold, LATIN_BRANDS } from '../../services/text/transliterate';
import { fromRoot } from '../../core/paths';

/*
 * The topic articles (content/locales/<locale>/topic-<intent>.yaml) are what a
 * frightened child or a worried adult reads, so their shape and their safety
 * rules are checked here rather than trusted to review alone.
 */

const AUTHORED = ['sr-Latn', 'en'] as const;
const ROLES = ['pupil', 'teacher', 'parent', 'other'] as const;
const KEYS = ['title', ...ROLES] as const;

/** A pupil may be 8: the text must fit on a phone screen or two. */
const PUPIL_MAX_VISIBLE_CHARS = 600;

/** Topics where someone may meet sexual images of children. */
const CSAM_RULE_TOPICS: readonly TopicIntent[] = ['csam', 'nudes', 'how_to_report', 'sextortion'];

/** Topics about a harm done to the child, where the pupil must hear it is not their fault. */
const NOT_YOUR_FAULT_TOPICS: readonly TopicIntent[] = [
  'grooming', 'sextortion', 'nudes', 'cyberbullying', 'csam', 'privacy', 'warning_signs',
];

/**
 * Words that carry "never download / never screenshot" in each locale,
 * compared after `fold` (so sr-Cyrl is checked with the Latin words).
 */
const CSAM_RULE_WORDS: Record<Locale, { download: RegExp; screenshot: RegExp }> = {
  'sr-Latn': { download: /preuzim/, screenshot: /snim(ak|ke) ekrana/ },
  'sr-Cyrl': { download: /preuzim/, screenshot: /snim(ak|ke) ekrana/ },
  en: { download: /download/, screenshot: /screenshot/ },
};
const NOT_YOUR_FAULT: Record<Locale, RegExp> = {
  'sr-Latn': /nije tvoja krivica/,
  'sr-Cyrl': /nije tvoja krivica/,
  en: /not your fault/,
};

/** The only public numbers the notes confirm (content-facts.md §1, SPEC §4). */
const ALLOWED_PHONES = new Set(['192', '19833', '116111', '0800300303']);
/** The only web addresses and mailboxes the notes confirm. */
const ALLOWED_URLS = new Set(['https://pametnoibezbedno.gov.rs', 'https://netpatrola.rs/prijava']);
const ALLOWED_EMAILS = new Set(['vtk@mup.gov.rs', 'bit@mit.gov.rs']);

const URL = /https?:\/\/[^\s)]+/g;
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
const TEL_LINK = /\[([^\]]*)\]\(tel:([^)]*)\)/g;
const LINK_TARGET = /\]\([^)]*\)/g;

type TopicFile = { topic: Record<string, Record<string, unknown>> };

function topicPath(locale: string, intent: string): string {
  return fromRoot('content', 'locales', locale, `topic-${intent}.yaml`);
}

function readTopic(locale: string, intent: string): TopicFile {
  return YAML.parse(fs.readFileSync(topicPath(locale, intent), 'utf8')) as TopicFile;
}

/** What the reader sees: Markdown link targets removed. */
function visible(text: string): string {
  return text.replace(LINK_TARGET, ']');
}

/** Text with every address the transliterator must leave alone taken out. */
function withoutAddresses(text: string): string {
  return text.replace(LINK_TARGET, ']').replace(URL, '').replace(EMAIL, '');
}

/** Numbers that are not phone numbers: years and the Criminal Code articles cited. */
function isKnownNonPhone(digits: string): boolean {
  return /^(19|20)\d\d$/.test(digits) || digits === '185' || digits === '145';
}

describe('topic articles', () => {
  const catalog = buildCatalog();
  const allLocales: Locale[] = ['sr-Latn', 'sr-Cyrl', 'en'];
  const text = (locale: Locale, intent: TopicIntent, role: string): string => {
    const messages: Messages = catalog[locale];
    const value = messages[`topic.${intent}.${role}`];
    assert.ok(value, `topic.${intent}.${role} missing in ${locale}`);
    return value;
  };

  for (const locale of AUTHORED) {
    for (const intent of TOPIC_INTENTS) {
      it(`when ${locale}/topic-${intent}.yaml is read, then it holds exactly title and the four roles, none empty`, () => {
        assert.ok(fs.existsSync(topicPath(locale, intent)), `${topicPath(locale, intent)} is missing`);
        const doc = readTopic(locale, intent);
        assert.deepEqual(Object.keys(doc), ['topic']);
        assert.deepEqual(Object.keys(doc.topic), [intent]);
        const entry = doc.topic[intent] ?? {};
        assert.deepEqual(Object.keys(entry).sort(), [...KEYS].sort());
        for (const key of KEYS) {
          const value = entry[key];
          assert.equal(typeof value, 'string', `${intent}.${key} must be a string`);
          assert.ok(String(value).trim().length > 0, `${intent}.${key} is empty`);
        }
      });
    }
  }

  for (const locale of allLocales) {
    it(`when the ${locale} topics are loaded, then every title is a button label of one to four words`, () => {
      for (const intent of TOPIC_INTENTS) {
        const words = text(locale, intent, 'title').trim().split(/\s+/);
        assert.ok(words.length >= 1 && words.length <= 4, `${intent} title has ${words.length} words`);
      }
    });

    it(`when a pupil reads a ${locale} topic, then it is at most ${PUPIL_MAX_VISIBLE_CHARS} visible characters`, () => {
      for (const intent of TOPIC_INTENTS) {
        const length = visible(text(locale, intent, 'pupil')).length;
        assert.ok(length <= PUPIL_MAX_VISIBLE_CHARS, `${intent}.pupil is ${length} characters`);
      }
    });

    it(`when a pupil reads a ${locale} topic about a harm, then it says it is not their fault`, () => {
      for (const intent of NOT_YOUR_FAULT_TOPICS) {
        assert.match(fold(text(locale, intent, 'pupil')), NOT_YOUR_FAULT[locale], `${intent}.pupil`);
      }
    });

    it(`when any role reads a ${locale} topic where abuse images may come up, then it says never download or screenshot`, () => {
      const words = CSAM_RULE_WORDS[locale];
      for (const intent of CSAM_RULE_TOPICS) {
        for (const role of ROLES) {
          const folded = fold(text(locale, intent, role));
          assert.match(folded, words.download, `${intent}.${role} lacks the no-download rule`);
          assert.match(folded, words.screenshot, `${intent}.${role} lacks the no-screenshot rule`);
        }
      }
    });

    it(`when the ${locale} topics give numbers, then they are only the confirmed public numbers and each link dials what it shows`, () => {
      for (const intent of TOPIC_INTENTS) {
        for (const role of ROLES) {
          const value = text(locale, intent, role);
          for (const [, label, target] of value.matchAll(TEL_LINK)) {
            assert.ok(ALLOWED_PHONES.has(target ?? ''), `${intent}.${role} dials ${target}`);
            assert.equal((label ?? '').replace(/\D/g, ''), target, `${intent}.${role} shows ${label} but dials ${target}`);
          }
          for (const [group] of withoutAddresses(value).matchAll(/\d+(?: \d+)*/g)) {
            const digits = group.replace(/ /g, '');
            if (digits.length < 3) continue;
            assert.ok(
              ALLOWED_PHONES.has(digits) || isKnownNonPhone(digits),
              `${intent}.${role} mentions the number ${group}`,
            );
          }
        }
      }
    });

    it(`when the ${locale} topics give addresses, then they are only the confirmed sites and mailboxes`, () => {
      for (const intent of TOPIC_INTENTS) {
        for (const role of ROLES) {
          const value = text(locale, intent, role).replace(LINK_TARGET, ']');
          for (const [url] of value.matchAll(URL)) assert.ok(ALLOWED_URLS.has(url), `${intent}.${role} links ${url}`);
          for (const [mail] of value.matchAll(EMAIL)) assert.ok(ALLOWED_EMAILS.has(mail), `${intent}.${role} names ${mail}`);
        }
      }
    });
  }

  it('when the sr-Latn topic files are read, then they contain no Cyrillic letters', () => {
    for (const intent of TOPIC_INTENTS) {
      const raw = fs.readFileSync(topicPath('sr-Latn', intent), 'utf8');
      const cyrillic = raw.match(/[\u0400-\u04FF]/g);
      assert.equal(cyrillic, null, `topic-${intent}.yaml has Cyrillic: ${cyrillic?.join('')}`);
    }
  });

  it('when the sr-Cyrl topics are derived, then no Latin letter is left outside links, e-mail addresses and platform names', () => {
    const brands = new RegExp(`\\b(?:${LATIN_BRANDS.join('|')})\\b`, 'g');
    for (const intent of TOPIC_INTENTS) {
      for (const key of KEYS) {
        const cyrillic = text('sr-Cyrl', intent, key);
        const latin = withoutAddresses(cyrillic).replace(brands, '').match(/[A-Za-z\u00C0-\u024F]+/g);
        assert.equal(latin, null, `topic.${intent}.${key} keeps Latin: ${latin?.join(', ')}`);
      }
    }
  });

  it('when a topic file is read, then its comments cite at least one source address', () => {
    for (const locale of AUTHORED) {
      for (const intent of TOPIC_INTENTS) {
        const comments = fs
          .readFileSync(topicPath(locale, intent), 'utf8')
          .split('\n')
          .filter((line) => line.trimStart().startsWith('#'))
          .join('\n');
        assert.match(comments, /https?:\/\/\S+/, `${path.basename(topicPath(locale, intent))} (${locale}) cites no source`);
      }
    }
  });
});
