import { freePort } from './app-process';

describe('freePort', () => {
  it('never hands out the same port twice, even after it was released', async () => {
    const ports = [];
    for (let i = 0; i < 200; i++) ports.push(await freePort());
    expect(new Set(ports).size).toBe(200);
  });
});
