/// Webhook bodies in the shapes the forges document (trimmed of fields phoenix-gitops never reads,
/// keeping the ones that could confuse a parser: commit file lists, nested objects, nulls).
enum Payloads {
    /// GitHub `push` (docs example repository baxterthehacker/public-repo).
    static let githubPush = #"""
        {"ref":"refs/heads/main","before":"9049f1265b7d61be4a8904a9a27120d2064dab3b",
         "after":"0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c","created":false,"deleted":false,"forced":false,
         "base_ref":null,"compare":"https://github.com/baxterthehacker/public-repo/compare/9049f1265b7d...0d1a26e67d8f",
         "commits":[{"id":"0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c","distinct":true,"message":"Update README.md",
           "timestamp":"2015-05-05T19:40:15-04:00","author":{"name":"baxterthehacker","email":"baxterthehacker@users.noreply.github.com","username":"baxterthehacker"},
           "added":[],"removed":[],"modified":["README.md"]}],
         "head_commit":{"id":"0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c","message":"Update README.md","modified":["README.md"]},
         "repository":{"id":35129377,"name":"public-repo","full_name":"baxterthehacker/public-repo","private":false,
           "owner":{"name":"baxterthehacker","email":"baxterthehacker@users.noreply.github.com"},"default_branch":"main"},
         "pusher":{"name":"baxterthehacker","email":"baxterthehacker@users.noreply.github.com"},
         "sender":{"login":"baxterthehacker","id":6752317,"type":"User","site_admin":false}}
        """#

    /// GitHub `push` that deleted the branch.
    static let githubDelete = #"""
        {"ref":"refs/heads/main","before":"0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c",
         "after":"0000000000000000000000000000000000000000","created":false,"deleted":true,"forced":false,
         "base_ref":null,"commits":[],"head_commit":null,"repository":{"id":35129377,"name":"public-repo"}}
        """#

    /// GitHub `ping`, sent when a webhook is created.
    static let githubPing = #"""
        {"zen":"Non-blocking is better than blocking.","hook_id":30,
         "hook":{"type":"Repository","id":30,"name":"web","active":true,"events":["push"],
           "config":{"content_type":"json","insecure_ssl":"0","url":"https://watcher.example.com/hooks/github"}},
         "repository":{"id":35129377,"name":"public-repo"},"sender":{"login":"baxterthehacker","id":6752317}}
        """#

    /// Gitea/Forgejo `push` (Gitea docs; old servers still include the deprecated `secret` field).
    static let giteaPush = #"""
        {"secret":"3gEsCfjlV2ugRwgpU#w1*WaW*wa4NXgGmpCfkbG3","ref":"refs/heads/develop",
         "before":"28e1879d029cb852e4844d9c718537df08844e03","after":"bffeb74224043ba2feb48d137756c8a9331c449a",
         "compare_url":"http://localhost:3000/gitea/webhooks/compare/28e1879d029cb852e4844d9c718537df08844e03...bffeb74224043ba2feb48d137756c8a9331c449a",
         "commits":[{"id":"bffeb74224043ba2feb48d137756c8a9331c449a","message":"Webhooks Yay!",
           "url":"http://localhost:3000/gitea/webhooks/commit/bffeb74224043ba2feb48d137756c8a9331c449a",
           "author":{"name":"Gitea","email":"someone@gitea.io","username":"gitea"},
           "committer":{"name":"Gitea","email":"someone@gitea.io","username":"gitea"},
           "timestamp":"2017-03-13T13:52:11-04:00"}],
         "repository":{"id":140,"owner":{"id":1,"login":"gitea","full_name":"Gitea"},"name":"webhooks",
           "full_name":"gitea/webhooks","private":false,"default_branch":"master"},
         "pusher":{"id":1,"login":"gitea","full_name":"Gitea"},"sender":{"id":1,"login":"gitea"}}
        """#

    /// GitLab `Push Hook` (GitLab webhook events docs).
    static let gitlabPush = #"""
        {"object_kind":"push","event_name":"push","before":"95790bf891e76fee5e1747ab589903a6a1f80f22",
         "after":"da1560886d4f094c3e6c9ef40349f7d38b5d27d7","ref":"refs/heads/master","ref_protected":true,
         "checkout_sha":"da1560886d4f094c3e6c9ef40349f7d38b5d27d7","message":null,"user_id":4,
         "user_name":"John Smith","user_username":"jsmith","user_email":"john@example.com",
         "project_id":15,"project":{"id":15,"name":"Diaspora","web_url":"http://example.com/mike/diaspora",
           "default_branch":"master","path_with_namespace":"mike/diaspora"},
         "commits":[{"id":"da1560886d4f094c3e6c9ef40349f7d38b5d27d7","message":"fixed readme",
           "timestamp":"2012-01-03T23:36:29+02:00","author":{"name":"GitLab dev user","email":"gitlabdev@dv6700.(none)"},
           "added":["CHANGELOG"],"modified":["app/controller/application.rb"],"removed":[]}],
         "total_commits_count":4,"repository":{"name":"Diaspora","url":"git@example.com:mike/diaspora.git"}}
        """#

    /// GitLab `Push Hook` for a deleted branch: `checkout_sha` is null, `after` all zeros.
    static let gitlabDelete = #"""
        {"object_kind":"push","event_name":"push","before":"da1560886d4f094c3e6c9ef40349f7d38b5d27d7",
         "after":"0000000000000000000000000000000000000000","ref":"refs/heads/master","checkout_sha":null,
         "commits":[],"total_commits_count":0}
        """#

    /// The body hooks/post-receive sends.
    static func generic(ref: String, after: String) -> String {
        #"{"ref":"\#(ref)","before":"0000000000000000000000000000000000000000","after":"\#(after)"}"#
    }
}
