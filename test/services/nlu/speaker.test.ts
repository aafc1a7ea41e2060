import assert from 'node:assert/strict';
import { statesChild } from '../../../services/nlu/speaker';

describe('nlu: a writer who says she is a child', () => {
  const child = [
    'hi im 13 and someone keeps asking me for nude pics', "I'm 12 years old", 'I am a 13 year old girl', 'i just turned 14',
    'imam 13 godina i neko me ucenjuje', 'Imam trinaest godina', 'ja imam 12', 'napunila sam 14 prošle nedelje', 'Имам 13 година',
    'idem u 7. razred', 'idem u sedmi razred', 'u sedmom razredu sam', 'ja sam u 8. razredu i neko mi preti',
    "I'm a kid", 'ja sam dete', 'Učenica sam i neko mi šalje poruke', 'ja sam ucenik osmog razreda',
    "I'm in 7th grade", 'im in year 8', "I'm in middle school",
  ];
  for (const text of child) {
    it(`when someone writes "${text}", then she says she is a child`, () => assert.equal(statesChild(text), true));
  }

  const notChild = [
    'moja ćerka ima 13 godina', 'sin ide u 7. razred', 'imam 13 poruka od njega', 'imam 10 godina iskustva kao nastavnik',
    "I'm 35 and my son is 12", 'im worried about my 13 year old', 'ja sam roditelj deteta od 12 godina', 'rekla sam 13 puta da prestane',
    'imam 2 brata', 'I am a teacher of 13 year olds', 'my daughter is in 7th grade', 'imam 19 godina',
  ];
  for (const text of notChild) {
    it(`when someone writes "${text}", then that is not a child speaking of herself`, () => assert.equal(statesChild(text), false));
  }
});
