/* The library under the "rcdep" test plugin (rc_plugin.c with RC_DEP). */
const char *rc_dep_text(void);
__attribute__((visibility("default"))) const char *rc_dep_text(void)
{
    return "rc writer with a library\n";
}
