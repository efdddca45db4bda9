// The part of fontkit (pdfkit's font engine) the report uses: which characters a font has.
declare module 'fontkit' {
  export interface Font {
    hasGlyphForCodePoint(codePoint: number): boolean;
  }
  export function openSync(path: string): Font;
}
