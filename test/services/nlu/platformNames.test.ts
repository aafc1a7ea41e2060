import assert from 'node:assert/strict';
import { entityData } from '../../../services/nlu/entityData';
import { platformName } from '../../../services/nlu/platforms';

describe('platform names (content/platforms.yaml)', () => {
  const ids = Object.keys(entityData().platforms);

  it('when a platform can be recognised, then it has a name people read', () => {
    const unnamed = ids.filter((id) => platformName(id) === id);
    assert.deepEqual(unnamed, []);
  });

  it('when a platform is named, then the name is its real spelling, one of the ways it is recognised', () => {
    for (const id of ids) {
      const aliases = entityData().platforms[id]!.map((a) => a.toLowerCase());
      const words = platformName(id).toLowerCase().replace(/[()]/g, '').split(' ');
      assert.ok(aliases.includes(words.join(' ')) || words.some((w) => aliases.includes(w)), `${id}: "${platformName(id)}"`);
    }
    assert.equal(platformName('snapchat'), 'Snapchat');
    assert.equal(platformName('whatsapp'), 'WhatsApp');
    assert.equal(platformName('nepoznata-aplikacija'), 'nepoznata-aplikacija');
  });
});
