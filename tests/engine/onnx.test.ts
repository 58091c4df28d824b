// Why a graph did not load, as one line a user can act on (the engine's onnxruntime module).
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { graphFailure, OnnxSession } from '../../electron/engine/onnx'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vf-onnx-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

describe('graphFailure', () => {
  it('says an empty file is empty, and cuts onnxruntime\'s C++ location off a long message', async () => {
    const empty = join(dir, 'empty.onnx')
    await writeFile(empty, new Uint8Array(0))
    const err = (await OnnxSession.open(empty).catch((e: unknown) => e)) as Error
    expect(err.message).toBe(`model ${empty}: cannot load graph (the file is empty: 0 bytes)`)
    const cpp = new Error(
      '[ONNXRuntimeError] : 2 : INVALID_ARGUMENT : /onnxruntime_src/onnxruntime/core/graph/model.cc:187 onnxruntime::Model::Model(onnx::ModelProto&&, const onnxruntime::PathString&, const onnxruntime::IOnnxRuntimeOpSchemaRegistryList*, const onnxruntime::logging::Logger&, const onnxruntime::ModelOptions&) ModelProto does not have a graph.',
    )
    expect(graphFailure(join(dir, 'missing.onnx'), cpp)).toBe('ModelProto does not have a graph.')
    expect(graphFailure(join(dir, 'missing.onnx'), new Error('Protobuf parsing failed.'))).toBe('Protobuf parsing failed.')
  })
})

describe('onnxruntime litter', () => {
  it('leaves no empty /tmp/mat-debug-<pid>.log behind after a session is made', async () => {
    const { existsSync } = await import('node:fs')
    await OnnxSession.open(join(__dirname, '../../resources/models/default/magnitude.onnx'))
    expect(existsSync(`/tmp/mat-debug-${process.pid}.log`)).toBe(false)
  })
})
