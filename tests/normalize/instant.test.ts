import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseInstant } from '../../src/normalize/instant.ts';

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const same = (text: string) => expect(Object.is(parseInstant(text), Date.parse(text)), text).toBe(true);

describe('parseInstant', () => {
  it('reads the common UTC form as Date.parse does', () => {
    expect(parseInstant('2024-05-01T09:30:15Z')).toBe(Date.UTC(2024, 4, 1, 9, 30, 15));
    expect(parseInstant('1999-12-31T23:59:59Z')).toBe(Date.parse('1999-12-31T23:59:59Z'));
  });

  it('agrees with Date.parse on every month and day field 00–39, valid or not, in leap and common years', () => {
    for (const year of [99, 100, 1900, 2000, 2023, 2024, 9999]) {
      for (let month = 0; month <= 13; month++)
        for (let day = 0; day <= 39; day++) same(`${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T12:00:00Z`);
    }
  });

  it('agrees with Date.UTC on the first and last days of every month of every year 0100–9999', () => {
    for (let year = 100; year <= 9999; year++) {
      for (let month = 1; month <= 12; month++) {
        for (const day of [1, 28, 29, 30, 31]) {
          const text = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T23:59:59Z`;
          if (parseInstant(text) !== Date.UTC(year, month - 1, day, 23, 59, 59)) expect(parseInstant(text), text).toBe(Date.parse(text));
        }
      }
    }
  });

  it('agrees with Date.parse on every hour, minute and second field 00–99', () => {
    for (let v = 0; v <= 99; v++) {
      same(`2024-02-29T${pad(v, 2)}:00:00Z`);
      same(`2024-02-29T00:${pad(v, 2)}:00Z`);
      same(`2024-02-29T00:00:${pad(v, 2)}Z`);
    }
  });

  it('hands every other form to Date.parse (dates, offsets, fractions, local times, junk)', () => {
    for (const text of [
      '2024-05-01',
      '2024-05',
      '2024',
      '2024-05-01T09:30:00+02:00',
      '2024-05-01T09:30:00.123Z',
      '2024-05-01T09:30:00',
      '2024-05-01 09:30:00Z',
      '2024-05-01T09:30:0aZ',
      '+02024-05-01T09:30:00Z',
      '2024-05-01t09:30:00z',
      '',
      'not a date',
      '2024/05/01T09:30:00Z',
      '-024-05-01T09:30:00Z',
      '2024-0-501T09:30:00Z',
    ])
      same(text);
  });

  it('agrees with Date.parse on random text of the UTC form’s length and shape', () => {
    const char = fc.constantFrom(...'0123456789-T:Z+. /x'.split(''));
    const shaped = fc
      .tuple(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 99 }),
      )
      .map(([y, mo, d, h, mi, s]) => `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}Z`);
    fc.assert(
      fc.property(
        fc.oneof(
          shaped,
          fc.array(char, { minLength: 20, maxLength: 20 }).map((cs) => cs.join('')),
        ),
        (text) => Object.is(parseInstant(text), Date.parse(text)),
      ),
      { numRuns: 20_000 },
    );
  });
});
