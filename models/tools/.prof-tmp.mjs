import * as ort from 'onnxruntime-web'; import { readFileSync } from 'fs'
ort.env.wasm.numThreads = 1
const f = process.argv[2]
const s = await ort.InferenceSession.create(readFileSync(f), { enableProfiling: false })
const dims = [1,128,128,3]
const x = new ort.Tensor('float32', Float32Array.from({length: 128*128*3}, () => Math.random()*2-1), dims)
const t=[]
for (let i=0;i<60;i++){ const t0=performance.now(); await s.run({[s.inputNames[0]]: x}); t.push(performance.now()-t0) }
console.log(t.map(v=>v.toFixed(0)).join(' '))
