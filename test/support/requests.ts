/** Request builders shared by tests. */
import type { HighlightRequestInput } from '../../src/contract/schema.ts'

/** A small valid Compose request; tests patch a copy of it. */
export function validRequest(): HighlightRequestInput {
  return {
    ProjectName: 'immtest',
    Type: 'Compose',
    Mode: 'Scene',
    Sources: [{ URI: 'oss://bucket/in/a.mp4' }, { URI: 'oss://bucket/in/b.mp4' }],
    Highlight: { Content: '人物' },
    Edit: {
      Mode: 'Sequential',
      BackgroundMusicMode: 'Sequential',
      BackgroundMusics: [{ URI: 'oss://bucket/music/bg.mp3', Volume: 0.2 }],
      TransitionMode: 'Random',
      Transitions: [{ Transition: 'fade', Duration: 1, Weight: 50 }, { Transition: 'wipeleft', Weight: 20 }],
      VfxEffectMode: 'Sequential',
      VfxEffects: [{ VfxEffect: 'letterboxed' }],
    },
    Output: {
      URI: 'oss://bucket/out/highlight.mp4',
      Container: 'mp4',
      MaxDuration: 30,
      Video: { TranscodeVideo: { Codec: 'h264', Resolution: '1280x720', CRF: 23 } },
      Audio: { TranscodeAudio: { Codec: 'aac', Bitrate: 128000, SampleRate: 44100, Channel: 2 } },
    },
    Notification: { MNS: { TopicName: 'imm-topic' } },
    Tags: { job: 'demo' },
    UserData: '{"id":"42"}',
  }
}

/** A minimal valid Concat request. */
export function concatRequest(): HighlightRequestInput {
  return {
    ProjectName: 'immtest',
    Type: 'Concat',
    Sources: [{ URI: 'a.mp4', StartTime: 1, Duration: 2 }, { URI: 'b.mp4' }],
    Output: { URI: 'out.mp4', Container: 'mp4' },
  }
}
