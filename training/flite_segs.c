/* Synthesise sentences with one flite voice and write, per sentence, PREFIX.wav (RIFF) and
 * PREFIX.segs (festival's segs layout: "#" then "end_time 100 phone" lines) from the Segment
 * relation, which the flite command line cannot print with times. Built with -DWORDS it writes
 * PREFIX.words instead ("start<TAB>end<TAB>word" lines, seconds) from the Word relation: the word
 * timings that training/evaluate.py masks.
 *
 * Build (build_corpus.py does this): cc -O2 -DVOICE=slt flite_segs.c -lflite_cmu_us_slt
 *   -lflite_usenglish -lflite_cmulex -lflite -lm       (evaluate.py adds -DWORDS)
 * Use: flite_segs LISTING   where each LISTING line is "PREFIX<TAB>text".
 */
#include <stdio.h>
#include <string.h>
#include <flite/flite.h>

#define CAT2(a, b) a##b
#define CAT(a, b) CAT2(a, b)
cst_voice *CAT(register_cmu_us_, VOICE)(const char *voxdir);

#ifdef WORDS
#define SUFFIX "words"
/* A word spans from the end of the segment before its first phone to the end of its last phone. */
#define FIRST_SEG_PREV_END "R:SylStructure.daughter1.daughter1.R:Segment.p.end"
#define LAST_SEG_END "R:SylStructure.daughtern.daughtern.R:Segment.end"
#else
#define SUFFIX "segs"
#endif

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
        snprintf(path, sizeof path, "%s." SUFFIX, line);
        FILE *f = fopen(path, "w");
        if (!f) {
            perror(path);
            return 1;
        }
#ifdef WORDS
        for (cst_item *w = relation_head(utt_relation(u, "Word")); w; w = item_next(w))
            fprintf(f, "%.4f\t%.4f\t%s\n", ffeature_float(w, FIRST_SEG_PREV_END), ffeature_float(w, LAST_SEG_END),
                    item_feat_string(w, "name"));
#else
        fprintf(f, "#\n");
        for (cst_item *s = relation_head(utt_relation(u, "Segment")); s; s = item_next(s))
            fprintf(f, "%.4f 100 %s\n", item_feat_float(s, "end"), item_feat_string(s, "name"));
#endif
        fclose(f);
        delete_utterance(u);
    }
    fclose(in);
    return 0;
}
