import assert from 'node:assert/strict';
import { anonymise } from '../../../services/anonymise/anonymise';
import { RedactionType } from '../../../services/anonymise/types';

/** [text, identifier that must disappear, its type, placeholder expected in the output]. */
type Case = [string, string, RedactionType, string];

const latin: Case[] = [
  ['Juče mi je pisao Nenad Vasić sa nepoznatog naloga.', 'Nenad Vasić', 'name', '[ime]'],
  ['Pozovi me na 064/123-45-67 kad stigneš.', '064/123-45-67', 'phone', '[telefon]'],
  ['Piši mi na ivana.p@gmail.com ako treba.', 'ivana.p@gmail.com', 'email', '[email]'],
  ['Njegov JMBG je 0101990710006 i to je objavio.', '0101990710006', 'jmbg', '[jmbg]'],
  ['On stanuje u ulici Kralja Milana 14 i čeka nas.', 'ulici Kralja Milana 14', 'address', '[adresa]'],
  ['Ide u OŠ „Vuk Karadžić“ u Nišu.', 'OŠ „Vuk Karadžić“', 'school', '[škola]'],
  ['Rođena je 12.3.2011. u porodilištu.', '12.3.2011', 'birthdate', '[datum rođenja]'],
  ['Ulogovao se sa 178.222.13.5 juče.', '178.222.13.5', 'ip', '[ip adresa]'],
  ['Uplati na 160-0000000000123-52 odmah.', '160-0000000000123-52', 'iban', '[račun]'],
  ['Kartica 4111 1111 1111 1111 je ukradena.', '4111 1111 1111 1111', 'card', '[kartica]'],
  ['Prati me @ljuti_pas na Instagramu.', '@ljuti_pas', 'handle', '[profil]'],
  ['Poslao je https://example.com/slike?id=5 svima.', 'https://example.com/slike?id=5', 'url', '[link]'],
];

const cyrillic: Case[] = [
  ['Јуче ми је писао Ненад Васић са непознатог налога.', 'Ненад Васић', 'name', '[име]'],
  ['Позови ме на 064 123 4567 кад стигнеш.', '064 123 4567', 'phone', '[телефон]'],
  ['Пиши ми на ivana.p@gmail.com ако треба.', 'ivana.p@gmail.com', 'email', '[имејл]'],
  ['Његов ЈМБГ је 0101990710006 и то је објавио.', '0101990710006', 'jmbg', '[јмбг]'],
  ['Он станује у улици Краља Милана 14 и чека нас.', 'улици Краља Милана 14', 'address', '[адреса]'],
  ['Иде у ОШ „Вук Караџић“ у Нишу.', 'ОШ „Вук Караџић“', 'school', '[школа]'],
  ['Рођена је 12.3.2011. у породилишту.', '12.3.2011', 'birthdate', '[датум рођења]'],
  ['Улоговао се са 178.222.13.5 јуче.', '178.222.13.5', 'ip', '[ип адреса]'],
  ['Уплати на 160-0000000000123-52 одмах.', '160-0000000000123-52', 'iban', '[рачун]'],
  ['Картица 4111 1111 1111 1111 је украдена.', '4111 1111 1111 1111', 'card', '[картица]'],
  ['Прати ме @ljuti_pas на Инстаграму.', '@ljuti_pas', 'handle', '[профил]'],
  ['Послао је https://example.com/slike свима.', 'https://example.com/slike', 'url', '[линк]'],
];

const english: Case[] = [
  ['Yesterday Jessica Turner sent me a message.', 'Jessica Turner', 'name', '[name]'],
  ['Call me on +44 20 7946 0958 when you can.', '+44 20 7946 0958', 'phone', '[phone]'],
  ['Write to tom.h@yahoo.com if you need anything.', 'tom.h@yahoo.com', 'email', '[email]'],
  ['His personal number is 0101990710006 and he posted it.', '0101990710006', 'jmbg', '[personal ID number]'],
  ['He lives at 12 Elm Street with his parents.', '12 Elm Street', 'address', '[address]'],
  ['She goes to Oakwood Elementary School near us.', 'Oakwood Elementary School', 'school', '[school]'],
  ['She was born on 3 March 2011 in a hospital.', '3 March 2011', 'birthdate', '[date of birth]'],
  ['He logged in from 2001:db8:85a3::8a2e:370:7334 at night.', '2001:db8:85a3::8a2e:370:7334', 'ip', '[IP address]'],
  ['Send it to GB82 WEST 1234 5698 7654 32 today.', 'GB82 WEST 1234 5698 7654 32', 'iban', '[bank account]'],
  ['My card 5500 0000 0000 0004 was stolen.', '5500 0000 0000 0004', 'card', '[card number]'],
  ['He follows me as @creepy_guy on TikTok.', '@creepy_guy', 'handle', '[profile]'],
  ['He sent www.example.org/pics to everyone.', 'www.example.org/pics', 'url', '[link]'],
];

describe('anonymise: every identifier type in every script', () => {
  for (const [script, cases] of [['sr-Latn', latin], ['sr-Cyrl', cyrillic], ['en', english]] as const) {
    for (const [text, identifier, type, placeholder] of cases) {
      it(`when ${script} text holds a ${type}, then it is replaced by ${placeholder}`, () => {
        const result = anonymise(text);
        assert.ok(!result.text.includes(identifier), `"${identifier}" survived in "${result.text}"`);
        assert.ok(result.text.includes(placeholder), `no ${placeholder} in "${result.text}"`);
        const at = text.indexOf(identifier);
        const r = result.redactions.find((x) => x.start <= at && at < x.end);
        assert.equal(r?.type, type);
        assert.equal(text.slice(r?.start, r?.end).includes(identifier.slice(0, 3)), true);
      });
    }
  }
});
