/* Synthesise sentences with espeak-ng and write, per sentence, PREFIX.wav (RIFF, 16-bit mono at
 * espeak-ng's rate) and PREFIX.phon ("start_seconds<TAB>ipa" lines, one per phoneme event, then
 * "end_seconds<TAB>#" for the end of the audio). The command line cannot print phoneme times;
 * the library's phoneme events can (espeakINITIALIZE_PHONEME_EVENTS, IPA names).
 *
 * Build (build_corpus.py does this): cc -O2 espeak_segs.c -lespeak-ng
 * Use: espeak_segs LISTING   where each LISTING line is "PREFIX<TAB>voice<TAB>rate<TAB>pitch<TAB>range<TAB>text"
 * (voice e.g. "en-us+m3"; rate in words per minute; pitch and range 0-100).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <espeak-ng/speak_lib.h>

static short *pcm;
static size_t n_pcm, cap_pcm;
static FILE *phon;
static int rate_hz;

/* Synchronous mode: espeak-ng hands audio and the events that fall in it to this callback. */
static int on_audio(short *wav, int n, espeak_EVENT *ev) {
    if (wav && n > 0) {
        if (n_pcm + (size_t)n > cap_pcm) {
            cap_pcm = (n_pcm + (size_t)n) * 2;
            pcm = realloc(pcm, cap_pcm * sizeof *pcm);
            if (!pcm) {
                fprintf(stderr, "out of memory\n");
                exit(1);
            }
        }
        memcpy(pcm + n_pcm, wav, (size_t)n * sizeof *pcm);
        n_pcm += (size_t)n;
    }
    for (; ev && ev->type != espeakEVENT_LIST_TERMINATED; ev++)
        if (ev->type == espeakEVENT_PHONEME)
            fprintf(phon, "%.5f\t%s\n", ev->audio_position / 1000.0, ev->id.string);
    return 0;
}

static void put_le(FILE *f, unsigned v, int bytes) {
    for (int i = 0; i < bytes; i++) fputc((v >> (8 * i)) & 0xff, f);
}

static int save_wav(const char *path) {
    FILE *f = fopen(path, "wb");
    if (!f) return -1;
    unsigned data = (unsigned)(n_pcm * 2);
    fwrite("RIFF", 1, 4, f); put_le(f, 36 + data, 4); fwrite("WAVEfmt ", 1, 8, f);
    put_le(f, 16, 4); put_le(f, 1, 2); put_le(f, 1, 2); put_le(f, rate_hz, 4); put_le(f, rate_hz * 2, 4);
    put_le(f, 2, 2); put_le(f, 16, 2); fwrite("data", 1, 4, f); put_le(f, data, 4);
    for (size_t i = 0; i < n_pcm; i++) put_le(f, (unsigned short)pcm[i], 2);
    return fclose(f);
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s LISTING\n", argv[0]);
        return 2;
    }
    FILE *in = fopen(argv[1], "r");
    if (!in) {
        perror(argv[1]);
        return 1;
    }
    rate_hz = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, NULL,
                                espeakINITIALIZE_PHONEME_EVENTS | espeakINITIALIZE_PHONEME_IPA);
    if (rate_hz <= 0) {
        fprintf(stderr, "espeak-ng failed to initialise\n");
        return 1;
    }
    espeak_SetSynthCallback(on_audio);
    char line[8192], path[4200];
    while (fgets(line, sizeof line, in)) {
        line[strcspn(line, "\r\n")] = 0;
        char *field[6];
        int k = 0;
        field[k++] = line;
        for (char *p = line; *p && k < 6; p++)
            if (*p == '\t') {
                *p = 0;
                field[k++] = p + 1;
            }
        if (k != 6) continue;
        if (espeak_SetVoiceByName(field[1]) != EE_OK) {
            fprintf(stderr, "unknown espeak-ng voice %s\n", field[1]);
            return 1;
        }
        espeak_SetParameter(espeakRATE, atoi(field[2]), 0);
        espeak_SetParameter(espeakPITCH, atoi(field[3]), 0);
        espeak_SetParameter(espeakRANGE, atoi(field[4]), 0);
        espeak_SetParameter(espeakVOLUME, 40, 0); /* default 100 peaks at full scale: resampling would clip */
        snprintf(path, sizeof path, "%s.phon", field[0]);
        phon = fopen(path, "w");
        if (!phon) {
            perror(path);
            return 1;
        }
        n_pcm = 0;
        const char *text = field[5];
        espeak_Synth(text, strlen(text) + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, NULL, NULL);
        espeak_Synchronize();
        fprintf(phon, "%.5f\t#\n", (double)n_pcm / rate_hz);
        fclose(phon);
        snprintf(path, sizeof path, "%s.wav", field[0]);
        if (save_wav(path) != 0) {
            fprintf(stderr, "cannot write %s\n", path);
            return 1;
        }
    }
    fclose(in);
    espeak_Terminate();
    return 0;
}
