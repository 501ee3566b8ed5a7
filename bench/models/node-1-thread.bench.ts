// One file per thread count: onnxruntime reads numThreads once per process (vitest isolates files).
import { test } from 'vitest'
import { runNodeBench } from './node-suite.ts'

test('models in Node, 1 thread', () => runNodeBench(1))
