import { expect, test } from 'vitest'
import { interpretContent } from '../../src/contract/content.ts'

test.each([
  ['人物', ['person'], []],
  ['宠物', ['pet'], []],
  ['运动', ['sports'], []],
  ['会议', ['meeting'], []],
  ['寵物', ['pet'], []],
  ['character', ['person'], []],
  ['Pets', ['pet'], []],
  ['people and dogs', ['person', 'pet'], []],
  ['宠物和人物', ['pet', 'person'], []],
  ['meetings, sports', ['meeting', 'sports'], []],
  ['sunset beach', [], ['sunset', 'beach']],
  ['', [], []],
])('Content %j -> kinds %j, free text %j', (content, kinds, free) => {
  expect(interpretContent(content)).toEqual({ kinds, freeText: free })
})
