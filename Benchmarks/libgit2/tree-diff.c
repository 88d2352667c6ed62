// Times libgit2's tree-to-tree diff of HEAD~1 and HEAD (docs/benchmarks.md "changes"): with one changed
// file among thousands of unchanged sub-folders, libgit2 1.5.1 takes milliseconds, as it reads the
// unchanged sub-trees too; `git diff-tree` skips them by id.
//
//   cc -O2 tree-diff.c -o tree-diff $(pkg-config --cflags --libs libgit2)
//   ./tree-diff REPO/.git
#include <git2.h>
#include <stdio.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: %s REPO\n", argv[0]); return 2; }
    git_libgit2_init();
    git_repository *repo = NULL;
    git_object *old_tree = NULL, *new_tree = NULL;
    if (git_repository_open(&repo, argv[1]) < 0 || git_revparse_single(&old_tree, repo, "HEAD~1^{tree}") < 0
        || git_revparse_single(&new_tree, repo, "HEAD^{tree}") < 0) {
        fprintf(stderr, "cannot read HEAD~1 and HEAD of %s\n", argv[1]);
        return 1;
    }
    const int rounds = 200;
    double start = now();
    size_t deltas = 0;
    for (int i = 0; i < rounds; i++) {
        git_diff *diff = NULL;
        git_diff_tree_to_tree(&diff, repo, (git_tree *)old_tree, (git_tree *)new_tree, NULL);
        deltas = git_diff_num_deltas(diff);
        git_diff_free(diff);
    }
    printf("%zu changed file(s); %.3f ms per git_diff_tree_to_tree\n", deltas, (now() - start) / rounds * 1000);
    return 0;
}
