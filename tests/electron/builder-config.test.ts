// electron-builder.yml is valid for the electron-builder we install (its own JSON schema), and the
// packaged binary's fuses close what Electron's security checklist asks (packaging needs Electron's
// binary, which is not here: this is what can be checked without it).
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'

const require = createRequire(import.meta.url)
const yaml = require('js-yaml') as { load(s: string): Record<string, any> }
const Ajv = require('ajv') as new (o: object) => { compile(s: object): ((d: unknown) => boolean) & { errors?: unknown } }

describe('electron-builder.yml', () => {
  const config = yaml.load(readFileSync('electron-builder.yml', 'utf8'))
  it('passes electron-builder\'s own schema', () => {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')))
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true)
  })
  it('flips the fuses: no run-as-node, NODE_OPTIONS or --inspect; the app only from its asar', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    })
    expect(config.asar).toBe(true)
  })
})
