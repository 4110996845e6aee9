// Adversary (selftest): a source the compiler reads without end, asking for ever more memory.
#include "/dev/zero"
