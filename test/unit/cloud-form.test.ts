import { describe, expect, it } from 'vitest'
import { BODY_FIELDS, encodeCreateHighlightTask, formEncode, inModelOrder } from '../../src/cloud/form.ts'
import { HighlightError } from '../../src/contract/errors.ts'
import type { HighlightRequestInput } from '../../src/contract/schema.ts'
import { sdkToForm } from '../support/fake-imm.ts'
import { mulberry32 } from '../support/random.ts'
import { validRequest } from '../support/requests.ts'

/** Decodes a body the way IMM does: form fields, then the shrunk JSON ones. */
function decode(body: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(body))
}

describe('CreateHighlightTask form encoding (imm-spec.md §7.2)', () => {
  it('produces the body of the spec vector byte for byte (SDK model key order)', () => {
    const wire = encodeCreateHighlightTask({
      ProjectName: 'immtest',
      Type: 'Retrieval',
      Sources: [{ URI: 'oss://test-bucket/in/a.mp4' }],
      Highlight: { Content: '人物' },
      Output: { URI: 'oss://test-bucket/out/highlight.mp4', Container: 'mp4' },
    })
    expect(wire.query).toEqual({ ProjectName: 'immtest' })
    expect(wire.body).toBe('Highlight=%7B%22Content%22%3A%22%E4%BA%BA%E7%89%A9%22%7D&Output=%7B%22Container%22%3A%22mp4%22%2C%22URI%22%3A%22oss%3A%2F%2Ftest-bucket%2Fout%2Fhighlight.mp4%22%7D&Sources=%5B%7B%22URI%22%3A%22oss%3A%2F%2Ftest-bucket%2Fin%2Fa.mp4%22%7D%5D&Type=Retrieval')
  })

  it('sends every field of the full example, objects as JSON and Type/Mode/UserData plain', () => {
    const input = validRequest()
    const wire = encodeCreateHighlightTask(input)
    const form = decode(wire.body)
    expect(Object.keys(form)).toEqual(['Edit', 'Highlight', 'Mode', 'Notification', 'Output', 'Sources', 'Tags', 'Type', 'UserData'])
    expect(form.Type).toBe('Compose')
    expect(form.Mode).toBe('Scene')
    expect(form.UserData).toBe('{"id":"42"}')
    expect('ProjectName' in form).toBe(false)
    for (const name of ['Edit', 'Highlight', 'Notification', 'Output', 'Sources', 'Tags'] as const) {
      expect(JSON.parse(form[name]!)).toEqual(input[name])
    }
  })

  it('keeps the nested Edit exactly, in model order, with no engine defaults', () => {
    const wire = encodeCreateHighlightTask(validRequest())
    expect(decode(wire.body).Edit).toBe(
      '{"BackgroundMusicMode":"Sequential","BackgroundMusics":[{"URI":"oss://bucket/music/bg.mp3","Volume":0.2}],' +
      '"Mode":"Sequential","TransitionMode":"Random","Transitions":[{"Duration":1,"Transition":"fade","Weight":50},' +
      '{"Transition":"wipeleft","Weight":20}],"VfxEffectMode":"Sequential","VfxEffects":[{"VfxEffect":"letterboxed"}]}')
  })

  it('orders TranscodeVideo keys like the SDK model (BFrames before Bitrate, CRF before Codec)', () => {
    const input = validRequest()
    input.Output.Video = { TranscodeVideo: { Codec: 'h264', CRF: 23, Bitrate: undefined, BFrames: 2, Resolution: '1280x720' } }
    const output = decode(encodeCreateHighlightTask(input).body).Output!
    expect(output).toContain('"TranscodeVideo":{"BFrames":2,"CRF":23,"Codec":"h264","Resolution":"1280x720"}')
  })

  it('does not add defaults the caller left out (Mode, Edit, Speed, Duration)', () => {
    const wire = encodeCreateHighlightTask({
      ProjectName: 'p', Type: 'Concat', Sources: [{ URI: 'oss://b/a.mp4' }], Output: { URI: 'oss://b/o.mp4', Container: 'mp4' },
    })
    expect(decode(wire.body)).toEqual({
      Output: '{"Container":"mp4","URI":"oss://b/o.mp4"}', Sources: '[{"URI":"oss://b/a.mp4"}]', Type: 'Concat',
    })
  })

  it('keeps Tags in the caller order (a map, not a model) and unicode Content intact', () => {
    const input = validRequest()
    input.Tags = { zeta: 1, alpha: true, 中文: '值 with spaces & =' }
    input.Highlight = { Content: '宠物 🐱 "quoted" & 100%' }
    const form = decode(encodeCreateHighlightTask(input).body)
    expect(form.Tags).toBe('{"zeta":1,"alpha":true,"中文":"值 with spaces & ="}')
    expect(form.Highlight).toBe('{"Content":"宠物 🐱 \\"quoted\\" & 100%"}')
  })

  it('sends an already-shrunk request as it is', () => {
    const input = validRequest()
    const shrunk = { ...input, Sources: JSON.stringify(input.Sources), Tags: '{"b":1,"a":2}' }
    const form = decode(encodeCreateHighlightTask(shrunk).body)
    expect(form.Sources).toBe(JSON.stringify(input.Sources))
    expect(form.Tags).toBe('{"b":1,"a":2}')
  })

  it('accepts the request as JSON text', () => {
    const input = validRequest()
    expect(encodeCreateHighlightTask(JSON.stringify(input))).toEqual(encodeCreateHighlightTask(input))
  })

  it.each([
    ['no Type', (r: HighlightRequestInput) => { delete (r as Partial<HighlightRequestInput>).Type }, 'MissingType'],
    ['an unknown transition', (r: HighlightRequestInput) => { r.Edit!.Transitions = [{ Transition: 'spin' as 'fade' }] }, 'InvalidArgument'],
    ['11 sources', (r: HighlightRequestInput) => { r.Sources = Array.from({ length: 11 }, () => ({ URI: 'oss://b/a.mp4' })) }, 'LimitExceededError'],
  ])('refuses a request with %s before encoding it', (_name, patch, code) => {
    const input = validRequest()
    patch(input)
    const err = (() => { try { encodeCreateHighlightTask(input) } catch (e) { return e } })()
    expect(err).toBeInstanceOf(HighlightError)
    expect((err as HighlightError).Code).toBe(code)
  })

  it('refuses malformed shrunk JSON with InvalidJSON', () => {
    expect(() => encodeCreateHighlightTask({ ...validRequest(), Sources: '[{' })).toThrow(expect.objectContaining({ Code: 'InvalidJSON' }))
  })

  it('lists the body fields in the SDK order', () => {
    const names = BODY_FIELDS.map(([name]) => name)
    expect(names).toEqual([...names].sort())
  })

  it('inModelOrder drops null and undefined and sorts nested keys', () => {
    expect(JSON.stringify(inModelOrder({ b: [{ y: 1, x: null }], a: undefined, C: 1 }))).toBe('{"C":1,"b":[{"y":1}]}')
  })

  it('encodes forms like the SDK (querystring) on generated unicode fields', () => {
    const rand = mulberry32(7)
    const alphabet = [...'aZ09 -_.~!*\'()+&=%/?#[]@$,;:"{}人物😀é\t\n']
    for (let i = 0; i < 300; i++) {
      const fields: [string, string][] = []
      for (let n = 1 + Math.floor(rand() * 5); n > 0; n--) {
        const text = () => Array.from({ length: Math.floor(rand() * 12) }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('')
        fields.push([`F${n}${text().replace(/[^A-Za-z]/g, '')}`, text()])
      }
      expect(formEncode(fields)).toBe(sdkToForm(Object.fromEntries(fields)))
    }
  })
})
