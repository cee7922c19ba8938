/* The OLE2 compound file (libgsf, from memory): the WordDocument stream,
 * the table stream named by the FIB (0Table/1Table), Data and
 * \005SummaryInformation. Names are matched without regard to case
 * (some writers store "worddocument"). Each stream is copied whole; no
 * stream can be larger than the file that holds it. */
#include "doc.h"

#include <gsf/gsf-infile-msole.h>
#include <gsf/gsf-infile.h>
#include <gsf/gsf-input-memory.h>
#include <gsf/gsf-utils.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static GsfInput *child(GsfInfile *dir, const char *name)
{
    int n = gsf_infile_num_children(dir);
    for (int i = 0; i < n; i++) {
        const char *c = gsf_infile_name_by_index(dir, i);
        if (c && !strcasecmp(c, name)) return gsf_infile_child_by_index(dir, i);
    }
    return NULL;
}

/* Copies a stream; 0 when missing, -1 when unreadable. */
static int slurp(GsfInfile *dir, const char *name, size_t limit, uint8_t **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    GsfInput *in = child(dir, name);
    if (!in) return 0;
    gsf_off_t size = gsf_input_size(in);
    int rc = -1;
    if (size >= 0 && (uint64_t)size <= limit) {
        uint8_t *buf = malloc((size_t)size + 1);
        if (buf && (size == 0 || gsf_input_read(in, (size_t)size, buf))) {
            *out = buf;
            *len = (size_t)size;
            rc = 1;
        } else {
            free(buf);
        }
    }
    g_object_unref(in);
    return rc;
}

static int has_stream(GsfInfile *dir, const char *name)
{
    GsfInput *in = child(dir, name);
    if (!in) return 0;
    g_object_unref(in);
    return 1;
}

/* libgsf reports damage through GLib's log, which writes to stderr and
 * probes it for journald (a system call the sandbox refuses): the reader
 * says what matters itself, so these go. */
static void quiet(const gchar *domain, GLogLevelFlags level, const gchar *msg, gpointer data)
{
    (void)domain;
    (void)level;
    (void)msg;
    (void)data;
}

int wd_cfb_load(wd *w, const uint8_t *data, size_t len)
{
    static bool logging_set;
    if (!logging_set) {
        logging_set = true;
        static const char *const domains[] = {"libgsf", "libgsf:msole", "libgsf:utils"};
        for (size_t i = 0; i < sizeof domains / sizeof *domains; i++)
            g_log_set_handler(domains[i],
                              G_LOG_LEVEL_MASK | G_LOG_FLAG_FATAL | G_LOG_FLAG_RECURSION, quiet,
                              NULL);
        g_log_set_handler("GLib-GObject", G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL, quiet, NULL);
        g_log_set_handler("GLib", G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL, quiet, NULL);
        /* libgsf also logs without a domain */
        g_log_set_handler(NULL, G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_MESSAGE,
                          quiet, NULL);
    }
    GError *err = NULL;
    GsfInput *mem = gsf_input_memory_new(data, (gsf_off_t)len, FALSE);
    if (!mem) return wd_fail(w, GD_ENOMEM, "out of memory");
    GsfInfile *ole = gsf_infile_msole_new(mem, &err);
    if (err) g_error_free(err);
    if (!ole) {
        g_object_unref(mem);
        return wd_fail(w, GD_EFORMAT,
                       "damaged OLE2 compound file (the container of a .doc cannot be read)");
    }
    int rc = GD_OK;
    /* An encrypted OOXML package first, whatever else the container holds
     * (Apache POI's bug53475 files carry an empty WordDocument stream too). */
    if (has_stream(ole, "EncryptedPackage") && has_stream(ole, "EncryptionInfo")) {
        g_object_unref(ole);
        g_object_unref(mem);
        return wd_fail(w, GD_ENOTSUPPORTED,
                       "encrypted document (password-protected); remove the password in Word "
                       "and save it again");
    }
    int got = slurp(ole, "WordDocument", len, &w->word, &w->nword);
    if (got <= 0) {
        if (got < 0)
            rc = wd_fail(w, GD_EFORMAT, "damaged .doc: the WordDocument stream cannot be read");
        else if (has_stream(ole, "EncryptedPackage") || has_stream(ole, "EncryptionInfo"))
            rc = wd_fail(w, GD_ENOTSUPPORTED,
                         "encrypted document (password-protected); remove the password in "
                         "Word and save it again");
        else if (has_stream(ole, "Workbook") || has_stream(ole, "Book"))
            rc = wd_fail(w, GD_ENOTSUPPORTED, "an Excel workbook, not a Word document");
        else if (has_stream(ole, "PowerPoint Document"))
            rc = wd_fail(w, GD_ENOTSUPPORTED, "a PowerPoint presentation, not a Word document");
        else if (has_stream(ole, "CONTENTS") || has_stream(ole, "MN0") || has_stream(ole, "MM"))
            rc = wd_fail(w, GD_ENOTSUPPORTED,
                         "a Microsoft Works document (not supported); save it as .docx");
        else
            rc = wd_fail(w, GD_ENOTSUPPORTED,
                         "OLE2 compound file that is not a Word document (no WordDocument "
                         "stream)");
    }
    if (!rc) {
        /* the FIB says which table stream; both are loaded if present */
        uint8_t *t0 = NULL, *t1 = NULL;
        size_t n0 = 0, n1 = 0;
        if (slurp(ole, "0Table", len, &t0, &n0) < 0) t0 = NULL;
        if (slurp(ole, "1Table", len, &t1, &n1) < 0) t1 = NULL;
        bool which1 = w->nword >= 12 && (rd16(w->word + 10) & 0x0200);
        if (which1) {
            w->table = t1;
            w->ntable = n1;
            free(t0);
        } else {
            w->table = t0;
            w->ntable = n0;
            free(t1);
        }
        if (slurp(ole, "Data", len, &w->data, &w->ndata) < 0) w->data = NULL;
        uint8_t *s = NULL;
        size_t ns = 0;
        if (slurp(ole, "\005SummaryInformation", len, &s, &ns) > 0) {
            w->summary = s;
            w->nsummary = ns;
        }
    }
    g_object_unref(ole);
    g_object_unref(mem);
    return rc;
}

void wd_cfb_free(wd *w)
{
    if (w->table_is_word) w->table = NULL;
    free(w->word);
    free(w->table);
    free(w->data);
    free(w->summary);
    w->word = w->table = w->data = NULL;
    w->summary = NULL;
}
