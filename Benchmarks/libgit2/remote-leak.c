// Reproduces the libgit2 1.5.1 leak behind docs/benchmarks.md "idle poll": every
// git_remote_create_anonymous scans the repository config for url.*.insteadOf with PCRE2 and loses
// the match data. Run under valgrind:
//
//   cc -O1 -g remote-leak.c -o remote-leak $(pkg-config --cflags --libs libgit2)
//   valgrind --leak-check=full ./remote-leak REPO.git git://127.0.0.1:PORT/served.git 20 0   # leaks
//   valgrind --leak-check=full ./remote-leak REPO.git git://127.0.0.1:PORT/served.git 20 1   # does not
//
// Arguments: a local repository, a remote URL, the number of connects, and 1 to create the remote with
// GIT_REMOTE_CREATE_SKIP_INSTEADOF instead.
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    if (argc != 5) { fprintf(stderr, "usage: %s REPO URL COUNT SKIP_INSTEADOF\n", argv[0]); return 2; }
    git_libgit2_init();
    git_repository *repo = NULL;
    if (git_repository_open(&repo, argv[1]) < 0) { fprintf(stderr, "cannot open %s\n", argv[1]); return 1; }
    int count = atoi(argv[3]);
    int skip = atoi(argv[4]);
    for (int i = 0; i < count; i++) {
        git_remote *remote = NULL;
        int rc;
        if (skip) {
            git_remote_create_options options;
            git_remote_create_options_init(&options, GIT_REMOTE_CREATE_OPTIONS_VERSION);
            options.repository = repo;
            options.flags = GIT_REMOTE_CREATE_SKIP_INSTEADOF | GIT_REMOTE_CREATE_SKIP_DEFAULT_FETCHSPEC;
            rc = git_remote_create_with_opts(&remote, argv[2], &options);
        } else {
            rc = git_remote_create_anonymous(&remote, repo, argv[2]);
        }
        if (rc < 0) { fprintf(stderr, "create: %s\n", git_error_last()->message); return 1; }
        git_remote_callbacks callbacks;
        git_remote_init_callbacks(&callbacks, GIT_REMOTE_CALLBACKS_VERSION);
        if (git_remote_connect(remote, GIT_DIRECTION_FETCH, &callbacks, NULL, NULL) < 0) {
            fprintf(stderr, "connect: %s\n", git_error_last()->message);
            return 1;
        }
        git_remote_disconnect(remote);
        git_remote_free(remote);
    }
    git_repository_free(repo);
    git_libgit2_shutdown();
    return 0;
}
