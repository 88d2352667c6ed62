import Foundation
import PhoenixEngine

/// The HTML status page served at `GET /`: one verdict, a table of stages, the run timeline and the
/// drift findings. Server-rendered, inline CSS only (no external asset, no script), reloads itself with
/// `<meta http-equiv="refresh">`. Every value is escaped: commit subjects and config values are untrusted.
public enum StatusPage {
    /// The page for `model`.
    public static func render(_ model: StatusPageModel) -> String {
        let (verdict, reason) = model.verdict
        var html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta http-equiv="refresh" content="\(max(5, model.refreshSeconds))">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>phoenix-gitops: \(e(verdict.rawValue))</title>
            <style>\(css)</style></head>
            <body><main>
            <header><h1>phoenix-gitops <span class="dim">\(e(model.watcher))</span></h1>
            <p class="dim">\(e(model.repository)) · branch <code>\(e(model.branch))</code> · \
            tip \(commit(model.trackedTip, model)) · updated \(e(Timestamp.format(model.generatedAt)))</p></header>
            <section id="verdict" class="verdict \(verdict.tone)" role="status" aria-live="polite">
            <h2><span class="label">\(e(verdict.rawValue))</span></h2><p id="reason">\(e(reason))</p></section>

            """
        html += stagesTable(model)
        html += runsList(model)
        html += findingsList(model)
        html += "</main></body></html>\n"
        return html
    }

    static func e(_ text: String) -> String { HTMLText.escape(text) }

    /// A commit id as short text, linked to the forge when a prefix is configured.
    static func commit(_ id: String?, _ model: StatusPageModel) -> String {
        guard let id, !id.isEmpty else { return "<span class=\"dim\">—</span>" }
        let short = "<code>\(e(String(id.prefix(12))))</code>"
        guard let prefix = model.commitURLPrefix else { return short }
        return "<a href=\"\(e(prefix + id))\">\(short)</a>"
    }

    static func stagesTable(_ model: StatusPageModel) -> String {
        let showNode = model.stages.contains { $0.node?.isEmpty == false }
        var rows = ""
        for stage in model.stages {
            let retry = stage.failureKind == "permanent" ? "waits for a new commit" : stage.retryAfter.map { Timestamp.format($0) } ?? ""
            let duration = stage.durationSeconds.map { String(format: "%.1f s", $0) } ?? ""
            let result = stage.result ?? "never run"
            var cells = "<th scope=\"row\"><code>\(e(stage.id))</code></th>"
            cells += "<td>\(e(stage.decision ?? ""))</td>"
            cells += "<td><span class=\"pill \(e(tone(result)))\">\(e(result))</span>"
            if let kind = stage.failureKind { cells += " <span class=\"kind\">\(e(kind))</span>" }
            if let message = stage.message { cells += "<div class=\"msg\">\(e(message))</div>" }
            cells += "</td><td>\(commit(stage.commit, model))"
            if let subject = stage.subject { cells += " <span class=\"subject\">\(e(subject))</span>" }
            cells += "</td><td class=\"num\">\(e(duration))</td><td>\(e(retry))</td>"
            cells += "<td><span class=\"pill \(e(tone(stage.drift ?? "")))\">\(e(stage.drift ?? "not checked"))</span></td>"
            if showNode { cells += "<td>\(e(stage.node ?? ""))</td>" }
            rows += "<tr>\(cells)</tr>\n"
        }
        let nodeHeader = showNode ? "<th scope=\"col\">node</th>" : ""
        return """
            <section aria-labelledby="stages-h"><h2 id="stages-h">Stages</h2>
            <table id="stages"><caption>Each stage's last decision, result and watermark commit</caption>
            <thead><tr><th scope="col">stage</th><th scope="col">decision</th><th scope="col">result</th>\
            <th scope="col">watermark commit</th><th scope="col">duration</th><th scope="col">next retry</th>\
            <th scope="col">drift</th>\(nodeHeader)</tr></thead>
            <tbody>
            \(rows)</tbody></table></section>

            """
    }

    static func runsList(_ model: StatusPageModel) -> String {
        guard !model.runs.isEmpty else {
            return "<section aria-labelledby=\"runs-h\"><h2 id=\"runs-h\">Last runs</h2><p class=\"dim\">No runs recorded yet.</p></section>\n"
        }
        var items = ""
        for run in model.runs {
            items += "<li class=\"\(e(tone(run.result)))\"><time>\(e(Timestamp.format(run.startedAt)))</time> "
            items += "<span class=\"pill \(e(tone(run.result)))\">\(e(run.result))</span> "
            items += "<code>\(e(run.id))</code> · \(e(run.trigger)) · \(commit(run.commit, model))"
            if let subject = run.subject { items += " <span class=\"subject\">\(e(subject))</span>" }
            if let author = run.author { items += " <span class=\"dim\">by \(e(author))</span>" }
            if !run.ran.isEmpty { items += "<div class=\"dim\">ran: \(e(run.ran.joined(separator: ", ")))</div>" }
            for error in run.errors { items += "<div class=\"msg\">\(e(error))</div>" }
            items += "</li>\n"
        }
        return """
            <section aria-labelledby="runs-h"><h2 id="runs-h">Last runs</h2><ol id="runs" class="timeline">
            \(items)</ol></section>

            """
    }

    static func findingsList(_ model: StatusPageModel) -> String {
        guard let checked = model.driftCheckedAt else {
            return "<section aria-labelledby=\"drift-h\"><h2 id=\"drift-h\">Drift</h2><p class=\"dim\">No drift check yet.</p></section>\n"
        }
        let shown = model.findings.filter { $0.state != "unobserved" }
        guard !shown.isEmpty else {
            return "<section aria-labelledby=\"drift-h\"><h2 id=\"drift-h\">Drift</h2><p>No drift found (checked \(e(Timestamp.format(checked)))).</p></section>\n"
        }
        var items = ""
        for finding in shown {
            items += "<li><span class=\"pill \(e(tone(finding.state)))\">\(e(finding.state))</span> "
            items += "<code>\(e(finding.stage))</code> <code>\(e(finding.object))</code>: \(e(finding.message))"
            if let diff = finding.diff { items += "<pre>\(e(diff))</pre>" }
            items += "</li>\n"
        }
        return """
            <section aria-labelledby="drift-h"><h2 id="drift-h">Drift</h2>\
            <p class="dim">checked \(e(Timestamp.format(checked)))</p><ul id="findings">
            \(items)</ul></section>

            """
    }

    /// The colour class of a result or drift state.
    static func tone(_ value: String) -> String {
        switch value {
        case "succeeded", "up-to-date", "in-sync": "good"
        case "failed", "error", "invalid", "rejected", "drifted": "bad"
        case "skipped", "interrupted", "unknown": "warn"
        default: "info"
        }
    }

    static let css = """
        :root{color-scheme:light dark;--bg:#fff;--fg:#1b1f24;--dim:#5b636e;--line:#d5d9de;--good:#1a7f37;\
        --bad:#c0262d;--warn:#9a6700;--info:#0957c3}
        @media (prefers-color-scheme:dark){:root{--bg:#0f1115;--fg:#e6e8eb;--dim:#9aa3ad;--line:#30363d;\
        --good:#3fb950;--bad:#f85149;--warn:#d29922;--info:#58a6ff}}
        body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.45 system-ui,sans-serif}
        main{max-width:72rem;margin:0 auto;padding:1.5rem}
        h1{font-size:1.3rem;margin:0}h2{font-size:1.05rem;margin:1.6rem 0 .5rem}
        .dim{color:var(--dim)}code{font:13px ui-monospace,monospace}
        .verdict{border-left:.4rem solid var(--info);padding:.6rem 1rem;margin-top:1rem;background:color-mix(in srgb,var(--info) 8%,transparent)}
        .verdict h2{margin:0;font-size:1.6rem;text-transform:capitalize}.verdict p{margin:.2rem 0 0}
        .verdict.good{border-color:var(--good)}.verdict.good h2{color:var(--good)}
        .verdict.bad{border-color:var(--bad)}.verdict.bad h2{color:var(--bad)}
        .verdict.warn{border-color:var(--warn)}.verdict.warn h2{color:var(--warn)}
        table{border-collapse:collapse;width:100%}caption{text-align:left;color:var(--dim);padding-bottom:.3rem}
        th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
        thead th{font-weight:600;border-bottom:2px solid var(--line)}.num{text-align:right}
        .pill{display:inline-block;padding:0 .45rem;border-radius:.7rem;border:1px solid currentColor;font-size:12px}
        .pill.good{color:var(--good)}.pill.bad{color:var(--bad)}.pill.warn{color:var(--warn)}.pill.info{color:var(--info)}
        .msg{color:var(--bad);font-size:13px}.subject{overflow-wrap:anywhere}
        ol.timeline{list-style:none;padding:0;margin:0}ol.timeline li{border-left:3px solid var(--line);padding:.3rem .8rem}
        ol.timeline li.bad{border-color:var(--bad)}ol.timeline li.good{border-color:var(--good)}
        ul#findings{padding-left:1.2rem}pre{overflow-x:auto;background:color-mix(in srgb,var(--fg) 6%,transparent);padding:.5rem}
        a{color:var(--info)}
        """
}
