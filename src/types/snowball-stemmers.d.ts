declare module 'snowball-stemmers' {
  /** A Snowball stemmer of one language. */
  export interface SnowballStemmer {
    stem(word: string): string;
  }
  /** The Snowball stemmer of `algorithm` ("french", "german", …). */
  export function newStemmer(algorithm: string): SnowballStemmer;
  /** The algorithms the package has. */
  export function algorithms(): string[];
}
