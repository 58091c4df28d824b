/* Synthesise sentences with one flite voice and write, per sentence, PREFIX.wav (RIFF) and
 * PREFIX.words ("start<TAB>end<TAB>word" lines, seconds) from the Word relation: the word timings
 * that training/evaluate.py masks. (flite_segs.c writes phone timings for the corpus instead.)
 *
 * Build (evaluate.py does this): cc -O2 -DVOICE=awb flite_words.c -lflite_cmu_us_awb
 *   -lflite_usenglish -lflite_cmulex -lflite -lm
 * Use: flite_words LISTING   where each LISTING line is "PREFIX<TAB>text".
 */
#include <stdio.h>
#include <string.h>
#include <flite/flite.h>

#define CAT2(a, b) a##b
#define CAT(a, b) CAT2(a, b)
cst_voice *CAT(register_cmu_us_, VOICE)(const char *voxdir);

/* A word spans from the end of the segment before its first phone to the end of its last phone. */
#define FIRST_SEG_PREV_END "R:SylStructure.daughter1.daughter1.R:Segment.p.end"
#define LAST_SEG_END "R:SylStructure.daughtern.daughtern.R:Segment.end"

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
    flite_init();
    cst_voice *v = CAT(register_cmu_us_, VOICE)(NULL);
    char line[8192], path[4200];
    while (fgets(line, sizeof line, in)) {
        line[strcspn(line, "\r\n")] = 0;
        char *tab = strchr(line, '\t');
        if (!tab) continue;
        *tab = 0;
        cst_utterance *u = flite_synth_text(tab + 1, v);
        snprintf(path, sizeof path, "%s.wav", line);
        if (cst_wave_save_riff(utt_wave(u), path) < 0) {
            fprintf(stderr, "cannot write %s\n", path);
            return 1;
        }
        snprintf(path, sizeof path, "%s.words", line);
        FILE *f = fopen(path, "w");
        if (!f) {
            perror(path);
            return 1;
        }
        for (cst_item *w = relation_head(utt_relation(u, "Word")); w; w = item_next(w))
            fprintf(f, "%.4f\t%.4f\t%s\n", ffeature_float(w, FIRST_SEG_PREV_END), ffeature_float(w, LAST_SEG_END),
                    item_feat_string(w, "name"));
        fclose(f);
        delete_utterance(u);
    }
    fclose(in);
    return 0;
}
