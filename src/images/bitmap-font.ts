/**
 * A 5x7 bitmap font for capital letters and digits: the font EditWorld paints signs in and the
 * scene parser reads them back with. Drawn for this project; each row is five cells, '#' inked.
 * The closest glyphs (D and O) differ in 2 of 35 cells, B/8, F/P, M/N and P/R in 3: a reader should
 * match whole glyphs by correlation, not cell by cell.
 */
const ROWS: Record<string, string> = {
  A: ' ### |#   #|#   #|#####|#   #|#   #|#   #',
  B: '#### |#   #|#   #|#### |#   #|#   #|#### ',
  C: ' ####|#    |#    |#    |#    |#    | ####',
  D: '#### |#   #|#   #|#   #|#   #|#   #|#### ',
  E: '#####|#    |#    |#### |#    |#    |#####',
  F: '#####|#    |#    |#### |#    |#    |#    ',
  G: ' ####|#    |#    |#  ##|#   #|#   #| ####',
  H: '#   #|#   #|#   #|#####|#   #|#   #|#   #',
  I: '#####|  #  |  #  |  #  |  #  |  #  |#####',
  J: '  ###|   # |   # |   # |   # |#  # | ##  ',
  K: '#   #|#  # |# #  |##   |# #  |#  # |#   #',
  L: '#    |#    |#    |#    |#    |#    |#####',
  M: '#   #|## ##|# # #|# # #|#   #|#   #|#   #',
  N: '#   #|##  #|# # #|#  ##|#   #|#   #|#   #',
  O: ' ### |#   #|#   #|#   #|#   #|#   #| ### ',
  P: '#### |#   #|#   #|#### |#    |#    |#    ',
  Q: ' ### |#   #|#   #|#   #|# # #|#  # | ## #',
  R: '#### |#   #|#   #|#### |# #  |#  # |#   #',
  S: ' ####|#    |#    | ### |    #|    #|#### ',
  T: '#####|  #  |  #  |  #  |  #  |  #  |  #  ',
  U: '#   #|#   #|#   #|#   #|#   #|#   #| ### ',
  V: '#   #|#   #|#   #|#   #| # # | # # |  #  ',
  W: '#   #|#   #|#   #|# # #|# # #|## ##|#   #',
  X: '#   #| # # |  #  |  #  |  #  | # # |#   #',
  Y: '#   #| # # |  #  |  #  |  #  |  #  |  #  ',
  Z: '#####|    #|   # |  #  | #   |#    |#####',
  '0': ' ### |#  ##|# # #|# # #|# # #|##  #| ### ',
  '1': '  #  | ##  |  #  |  #  |  #  |  #  | ### ',
  '2': ' ### |#   #|    #|   # |  #  | #   |#####',
  '3': '#####|    #|   # |  ## |    #|#   #| ### ',
  '4': '   # |  ## | # # |#  # |#####|   # |   # ',
  '5': '#####|#    |#### |    #|    #|#   #| ### ',
  '6': '  ## | #   |#    |#### |#   #|#   #| ### ',
  '7': '#####|    #|   # |  #  |  #  |  #  |  #  ',
  '8': ' ### |#   #|#   #| ### |#   #|#   #| ### ',
  '9': ' ### |#   #|#   #| ####|    #|   # | ##  ',
};

export const GLYPH_WIDTH = 5;
export const GLYPH_HEIGHT = 7;
/** Cells of space between glyphs, and around the text inside a sign's plate. */
export const GLYPH_GAP = 1;

/** The characters the font has: what a sign may say. */
export const GLYPH_CHARS = Object.keys(ROWS).join('');

/** A glyph as GLYPH_HEIGHT rows of GLYPH_WIDTH booleans (true = ink), or undefined for an unknown character. */
export function glyph(char: string): readonly (readonly boolean[])[] | undefined {
  const rows = ROWS[char];
  return rows?.split('|').map((row) => [...row].map((cell) => cell === '#'));
}
