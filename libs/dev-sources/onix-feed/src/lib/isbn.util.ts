/** The ISBN-13 check digit of the first 12 digits (weights 1 and 3, modulo 10). */
export function isbn13CheckDigit(first12: string): number {
  if (!/^\d{12}$/.test(first12)) throw new Error(`expected 12 digits, got "${first12}"`);
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10;
}

/** A valid ISBN-13 from its 12-digit stem (e.g. `978` + group, publisher and title digits). */
export function isbn13(first12: string): string {
  return `${first12}${isbn13CheckDigit(first12)}`;
}

/** True when `value` is 13 digits with the right check digit. */
export function isValidIsbn13(value: string): boolean {
  return /^\d{13}$/.test(value) && isbn13CheckDigit(value.slice(0, 12)) === Number(value[12]);
}
