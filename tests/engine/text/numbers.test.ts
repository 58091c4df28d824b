import { describe, expect, it } from 'vitest'
import {
  cardinal,
  digitsToWords,
  fractionToWords,
  numberToWords,
  ordinal,
  pluralNumberWords,
  yearToWords,
} from '../../../electron/engine/text/numbers'

describe('cardinal', () => {
  it.each([
    ['0', 'zero'],
    ['7', 'seven'],
    ['13', 'thirteen'],
    ['21', 'twenty-one'],
    ['100', 'one hundred'],
    ['911', 'nine hundred eleven'],
    ['1000', 'one thousand'],
    ['1234567', 'one million two hundred thirty-four thousand five hundred sixty-seven'],
    ['1000000', 'one million'],
    ['2000000001', 'two billion one'],
    ['007', 'seven'],
  ])('%s → %s', (n, words) => expect(cardinal(n)).toBe(words))

  it('reads numbers too long for scale words digit by digit', () => {
    expect(cardinal('1'.repeat(25))).toBe(Array(25).fill('one').join(' '))
  })

  it('rejects non-digits', () => expect(() => cardinal('12a')).toThrow(/expects digits/))
})

describe('ordinals, decimals, years, fractions', () => {
  it.each([
    ['1', 'first'], ['2', 'second'], ['3', 'third'], ['5', 'fifth'], ['8', 'eighth'], ['9', 'ninth'],
    ['12', 'twelfth'], ['20', 'twentieth'], ['21', 'twenty-first'], ['100', 'one hundredth'],
    ['1000', 'one thousandth'],
  ])('ordinal %s → %s', (n, words) => expect(ordinal(n)).toBe(words))

  it.each([
    ['3.14', 'three point one four'],
    ['-3.14', 'minus three point one four'],
    ['0.5', 'zero point five'],
    ['.5', 'point five'],
    ['1,234.05', 'one thousand two hundred thirty-four point zero five'],
  ])('number %s → %s', (n, words) => expect(numberToWords(n)).toBe(words))

  it.each([
    ['1999', 'nineteen ninety-nine'],
    ['2024', 'twenty twenty-four'],
    ['2005', 'two thousand five'],
    ['2000', 'two thousand'],
    ['2010', 'twenty ten'],
    ['1905', 'nineteen oh five'],
    ['1900', 'nineteen hundred'],
    ['1066', 'ten sixty-six'],
    ['800', 'eight hundred'],
  ])('year %s → %s', (y, words) => expect(yearToWords(y)).toBe(words))

  it('pluralises number words and reads digits and fractions', () => {
    expect(pluralNumberWords('nineteen ninety')).toBe('nineteen nineties')
    expect(pluralNumberWords('two thousand')).toBe('two thousands')
    expect(digitsToWords('0800')).toBe('zero eight zero zero')
    expect(digitsToWords('05', 'oh')).toBe('oh five')
    expect(fractionToWords('1', '2')).toBe('one half')
    expect(fractionToWords('3', '4')).toBe('three quarters')
    expect(fractionToWords('2', '3')).toBe('two thirds')
    expect(fractionToWords('1', '8')).toBe('one eighth')
  })
})
