// Corpus tool: the engine's pronunciation of words, one JSON line per input line, so the training
// side (training/real_corpus.py) aligns recordings with the phones the engine will ask for.
//   echo "woodcutters" | npx tsx electron/cli/pronounce.ts   ->   {"woodcutters":["W","UH","D",...]}
import { createInterface } from 'node:readline'
import { textToPhones } from '../engine/text'

const rl = createInterface({ input: process.stdin })
rl.on('line', (line) => {
  const out: Record<string, string[]> = {}
  for (const word of line.split(/\s+/).filter(Boolean)) {
    try {
      out[word] = textToPhones(word).words.flatMap((w) => w.phones)
    } catch {
      out[word] = []
    }
  }
  process.stdout.write(JSON.stringify(out) + '\n')
})
