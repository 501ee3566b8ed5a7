/**
 * `Highlight.Content` is free text of at most 100 characters with four documented categories
 * (imm-spec.md §2.3). This registry maps the documented terms and their common aliases onto
 * content kinds; analysis weighs its signals by kind. Words that match no alias stay free text.
 */

export const CONTENT_KINDS = ['person', 'pet', 'sports', 'meeting'] as const
export type ContentKind = (typeof CONTENT_KINDS)[number]

/** Each kind's canonical IMM term (the Chinese one, safest for the cloud) and its aliases. */
export const CONTENT_KIND_TABLE: Record<ContentKind, { term: string; aliases: readonly string[] }> = {
  person: { term: '人物', aliases: ['人物', 'person', 'persons', 'people', 'character', 'characters', 'human', 'humans', 'face', 'faces'] },
  pet: { term: '宠物', aliases: ['宠物', '寵物', 'pet', 'pets', 'cat', 'cats', 'dog', 'dogs', 'animal', 'animals'] },
  sports: { term: '运动', aliases: ['运动', '運動', 'sport', 'sports', 'ball', 'game', 'match', 'football', 'soccer', 'basketball'] },
  meeting: { term: '会议', aliases: ['会议', '會議', 'meeting', 'meetings', 'talk', 'speech', 'conference', 'interview', 'lecture'] },
}

export interface ContentInterpretation {
  /** Kinds recognised in the text, in the order they appear. Empty for empty or unrecognised text. */
  kinds: ContentKind[]
  /** Words that matched no kind (kept for reporting; no text-image model is available offline). */
  freeText: string[]
}

const ALIAS_TO_KIND = new Map<string, ContentKind>(
  CONTENT_KINDS.flatMap((kind) => CONTENT_KIND_TABLE[kind].aliases.map((a) => [a.toLowerCase(), kind] as const)),
)

/** Splits on whitespace and punctuation (ASCII and CJK), keeping CJK terms whole. */
function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[\s,;:.!?/|+&、，；：。！？]+/u)
    .filter((w) => w.length > 0)
}

/** Reads a Content string: "人物", "pets", "people and dogs", "足球 比赛" (free text). */
export function interpretContent(content: string | undefined): ContentInterpretation {
  const kinds: ContentKind[] = []
  const freeText: string[] = []
  for (const word of words(content ?? '')) {
    const found = kindsIn(word)
    for (const kind of found) if (!kinds.includes(kind)) kinds.push(kind)
    if (found.length === 0 && !FILLER_WORDS.has(word)) {
      freeText.push(word)
    }
  }
  return { kinds, freeText }
}

const FILLER_WORDS = new Set(['and', 'or', 'with', 'the', 'a', 'of', '和', '与'])

/** An alias, or for CJK text (no spaces: "宠物和人物" holds two terms) every term inside it, in text order. */
function kindsIn(word: string): ContentKind[] {
  const exact = ALIAS_TO_KIND.get(word)
  if (exact) return [exact]
  const hits: { kind: ContentKind; at: number }[] = []
  for (const kind of CONTENT_KINDS) {
    for (const alias of CONTENT_KIND_TABLE[kind].aliases) {
      const at = /\p{Script=Han}/u.test(alias) ? word.indexOf(alias) : -1
      if (at >= 0) hits.push({ kind, at })
    }
  }
  return hits.sort((a, b) => a.at - b.at).map((h) => h.kind)
}
