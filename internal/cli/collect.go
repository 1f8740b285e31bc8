package cli

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/convergence-model/convergence/internal/collect"
	"github.com/convergence-model/convergence/internal/diag"
	"github.com/convergence-model/convergence/internal/questionnaire"
	"github.com/convergence-model/convergence/internal/result"
	"github.com/convergence-model/convergence/internal/scoring"
	"github.com/convergence-model/convergence/internal/store"
	"github.com/convergence-model/convergence/internal/survey"
)

type collectOptions struct {
	dir           string
	org           string
	questionnaire string
	listen        string
	url           string
	tlsCert       string
	tlsKey        string
	closeAfter    int
	until         string
	anonymous     bool
	output        outputFlags

	// Set by tests: told the links once the server listens, and the
	// server's timeouts and the pause before a closing server stops.
	ready      func(join, dashboard string)
	timeouts   collect.Timeouts
	closeGrace time.Duration
}

const collectLong = `Collect a workshop's answers from every participant's own phone or laptop.
collect starts a small web server for one workshop: it prints a link and a
QR code; each participant opens it, says who they are (name optional, role
required) and answers the same questionnaire as "convergence assess", one
page per area, "Not sure" and "Not applicable" included. At the end they
see their own report. Their answers stay blind: this terminal shows only
how many have joined and finished.

Nothing is lost. Each page is saved the moment it is sent, as a draft in
DIR/.collect; a reload, a closed tab or a phone that sleeps carries on
where it stopped, and every page shows a link to carry on later or on
another device. Each finished result is saved into DIR, named after the
participant as "convergence workshop" names them, and never overwritten.
Ctrl-C stops the server once the requests in flight are done, keeps every
draft and prints the workshop report, as "convergence report DIR" would:
--format, -o and --anonymous work as there. Run the same command again to
continue the same workshop: the links stay the same.

By default only this computer can open the link (it listens on
127.0.0.1). --listen 0.0.0.0:8080 serves the room's network: anyone on
that network who has the link can answer. The link holds a 128-bit
secret; anything without it gets "404 page not found" and changes nothing.
The facilitator's dashboard has a secret of its own: the workshop report
so far, names left out and roles with fewer than two respondents not shown
apart. --tls-cert and --tls-key serve HTTPS.

--close-after N ends the collection once DIR holds N results, --until
TIME at a time of day (15:30) or a date and time (2026-11-24T17:00:00Z).

Exit status: 0 once the report is printed, whether the collection ended on
its own or with Ctrl-C; 1 when the server cannot start (the port is in
use, say) or a result cannot be saved; 2 for a bad flag or a result in DIR
that cannot be read; 130 when stopped before anyone finished (there is no
report).`

const collectExample = `  # A workshop on this computer only (open the link in a browser here)
  convergence collect --dir acme-workshop --org Acme

  # The room's network: every participant on their own phone
  convergence collect --dir acme-workshop --listen 0.0.0.0:8080

  # Close by itself after twelve results, the report as HTML
  convergence collect --dir acme-workshop --listen 0.0.0.0:8080 \
    --close-after 12 --format html -o acme.html`

func newCmdCollect(f *factory) *cobra.Command {
	opts := &collectOptions{timeouts: collect.DefaultTimeouts, closeGrace: 10 * time.Second}
	cmd := &cobra.Command{
		Use:     "collect --dir DIR",
		Short:   "Collect answers on every participant's own phone or laptop",
		Long:    collectLong,
		Example: collectExample,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx, stop := f.signals(cmd.Context())
			defer stop()
			return runCollect(ctx, f, opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.dir, "dir", "", "`DIR` to keep the workshop's results in (created if missing)")
	fl.StringVar(&opts.org, "org", "", "the organisation's `NAME`, written into every result")
	fl.StringVarP(&opts.questionnaire, "questionnaire", "q", "", "questionnaire `ID|PATH` (default: convergence-core)")
	fl.StringVar(&opts.listen, "listen", "", "`ADDR` to serve on (default 127.0.0.1 and the last run's port)")
	fl.StringVar(&opts.url, "url", "", "the link to show, when participants reach this computer by another `URL`")
	fl.StringVar(&opts.tlsCert, "tls-cert", "", "serve HTTPS with this certificate `FILE` (PEM)")
	fl.StringVar(&opts.tlsKey, "tls-key", "", "and this private key `FILE` (PEM)")
	fl.IntVar(&opts.closeAfter, "close-after", 0, "stop once DIR holds `N` results (0, the default: no limit)")
	fl.StringVar(&opts.until, "until", "", "stop at `TIME`: 15:30 today, or 2026-11-24T17:00:00Z")
	fl.BoolVar(&opts.anonymous, "anonymous", false, "hide names in the workshop report (roles are kept)")
	opts.output.register(cmd)
	return cmd
}

// collectRun is one collection: its server, where it ends and what the
// facilitator's terminal shows.
type collectRun struct {
	f       *factory
	opts    *collectOptions
	q       *questionnaire.Questionnaire
	server  *collect.Server
	closing chan struct{}
	once    sync.Once
	status  *collectStatus
	// finishedAtStart is how many had finished before this run: the pause
	// before closing is for someone who just finished to see their report.
	finishedAtStart int
}

func runCollect(ctx context.Context, f *factory, opts *collectOptions) error {
	deadline, err := checkCollectFlags(f, opts)
	if err != nil {
		return err
	}
	var cert *tls.Certificate
	if opts.tlsCert != "" {
		c, err := tls.LoadX509KeyPair(opts.tlsCert, opts.tlsKey)
		if err != nil {
			return &inputError{err: fmt.Errorf("cannot use --tls-cert %s and --tls-key %s: %v", diag.Clean(opts.tlsCert), diag.Clean(opts.tlsKey), err)}
		}
		cert = &c
	}
	q, err := loadQuestionnaire(f, opts.questionnaire)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(opts.dir, 0o755); err != nil {
		return fmt.Errorf("cannot create the workshop directory: %w", err)
	}
	// One collection per directory: a second would serve the same links
	// with counts of its own and rewrite the same state.
	unlock, err := store.Lock(filepath.Join(opts.dir, collect.StateDir, "workshop.json"), "collection")
	if err != nil {
		return err
	}
	defer func() { _ = unlock() }()
	if _, err := workshopSoFar(f, opts.dir, q); err != nil {
		return err
	}
	run := &collectRun{f: f, opts: opts, q: q, closing: make(chan struct{}),
		status: &collectStatus{w: f.screenOut(), tty: f.io.IsStderrTTY()}}
	srv, err := collect.New(collect.Config{
		Questionnaire: q, Dir: opts.dir, Org: opts.org, Now: f.now, Secure: cert != nil,
		Finish: func(d *survey.Draft) (string, error) {
			path, _, err := saveWorkshopResult(f, opts.dir, q, d.ToAnswers(q))
			return path, err
		},
		Workshop: func() (*result.Workshop, error) {
			files, err := resultFilesIn(opts.dir)
			if err != nil || len(files) == 0 {
				return nil, err
			}
			agg, err := aggregateWith(files, q, f.now())
			if err != nil {
				return nil, err
			}
			return agg.Workshop(scoring.WorkshopOptions{Tool: f.tool(), Anonymous: true})
		},
		LoadResult: result.Load,
		Changed:    run.changed,
		Failed: func(err error) {
			run.status.line("Warning: " + diag.Clean(err.Error()) + ".")
		},
	})
	if err != nil {
		return err
	}
	run.server = srv
	run.finishedAtStart = srv.Counts().Finished
	for _, n := range srv.Notes {
		fmt.Fprintf(f.io.ErrOut, "Note: %s.\n", diag.Clean(n))
	}
	ln, addr, err := run.listen()
	if err != nil {
		return err
	}
	httpSrv := collect.NewHTTPServer(srv.Handler(), opts.timeouts)
	if cert != nil {
		httpSrv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{*cert}, MinVersion: tls.VersionTLS12}
		ln = tls.NewListener(ln, httpSrv.TLSConfig)
	}
	base := run.baseURL(addr, cert != nil)
	join, dash := base+srv.JoinPath(), base+srv.DashboardPath()
	run.announce(join, dash, addr, deadline)
	run.status.show(srv.Counts())
	// Requests wait in the listener's queue until the terminal is set.
	served := make(chan error, 1)
	go func() { served <- httpSrv.Serve(ln) }()
	if opts.ready != nil {
		opts.ready(join, dash)
	}
	run.checkClose()

	var timer <-chan time.Time
	if !deadline.IsZero() {
		t := time.NewTimer(deadline.Sub(f.now()))
		defer t.Stop()
		timer = t.C
	}
	interrupted := false
	select {
	case <-ctx.Done():
		interrupted = true
	case <-run.closing:
		if srv.Counts().Finished > run.finishedAtStart {
			run.status.line(fmt.Sprintf("%d results: the collection closes in %s.", opts.closeAfter, opts.closeGrace))
			select {
			case <-time.After(opts.closeGrace):
			case <-ctx.Done():
			}
		} else {
			run.status.line(fmt.Sprintf("%s holds %d results already: the collection is closed.", diag.Clean(opts.dir), opts.closeAfter))
		}
	case <-timer:
		run.status.line("It is " + deadline.Format("15:04") + ": the collection is closed.")
	case err := <-served:
		return fmt.Errorf("the server stopped: %w", err)
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_ = httpSrv.Shutdown(shutdown)
	return run.stopped(interrupted)
}

// checkCollectFlags checks the flags that need no file, and works out when
// --until ends the collection.
func checkCollectFlags(f *factory, opts *collectOptions) (time.Time, error) {
	if opts.dir == "" {
		return time.Time{}, usageErrorf("--dir is required: the directory that keeps the workshop's results")
	}
	if err := checkResultsDir(opts.dir, opts.org); err != nil {
		return time.Time{}, err
	}
	if _, err := opts.output.parse(); err != nil {
		return time.Time{}, err
	}
	if err := opts.output.checkDistinct(opts.dir); err != nil {
		return time.Time{}, err
	}
	if (opts.tlsCert == "") != (opts.tlsKey == "") {
		return time.Time{}, usageErrorf("--tls-cert and --tls-key go together: give both, or neither")
	}
	if opts.closeAfter < 0 {
		return time.Time{}, usageErrorf("--close-after %d: give a number of results, 1 or more", opts.closeAfter)
	}
	if opts.listen != "" {
		if _, port, err := net.SplitHostPort(opts.listen); err != nil || !validPort(port) {
			return time.Time{}, usageErrorf("--listen %q: give a host and port, such as 127.0.0.1:8080 or 0.0.0.0:8080", diag.Clean(opts.listen))
		}
	}
	if opts.url != "" {
		if !strings.HasPrefix(opts.url, "http://") && !strings.HasPrefix(opts.url, "https://") {
			return time.Time{}, usageErrorf("--url %q: give the start of a link, such as http://laptop.local:8080", diag.Clean(opts.url))
		}
	}
	if opts.until == "" {
		return time.Time{}, nil
	}
	now := f.now()
	if t, err := time.Parse(time.RFC3339, opts.until); err == nil {
		if !t.After(now) {
			return time.Time{}, usageErrorf("--until %s has passed; give a later time", opts.until)
		}
		return t, nil
	}
	if t, err := time.ParseInLocation("15:04", opts.until, now.Location()); err == nil {
		y, m, d := now.Date()
		at := time.Date(y, m, d, t.Hour(), t.Minute(), 0, 0, now.Location())
		if !at.After(now) {
			return time.Time{}, usageErrorf("--until %s has passed today; give a later time, or a date and time", opts.until)
		}
		return at, nil
	}
	return time.Time{}, usageErrorf("--until %q: give a time of day like 15:30, or a date and time like 2026-11-24T17:00:00Z", diag.Clean(opts.until))
}

func validPort(s string) bool {
	n, err := strconv.Atoi(s)
	return err == nil && n >= 0 && n <= 65535
}

// listen opens the server's socket: --listen, else 127.0.0.1 with the port
// of the last run (so the links people hold still work), else a free port.
func (run *collectRun) listen() (net.Listener, string, error) {
	addr := run.opts.listen
	if addr == "" {
		addr = "127.0.0.1:0"
		if _, port, err := net.SplitHostPort(run.server.LastListen()); err == nil && port != "0" {
			addr = net.JoinHostPort("127.0.0.1", port)
		}
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		hint := ""
		if run.opts.listen == "" {
			hint = "; it served this workshop last time: give --listen 127.0.0.1:0 for another port (the links change)"
		}
		reason := err
		var sys *os.SyscallError
		if errors.As(err, &sys) {
			reason = sys.Err
		}
		return nil, "", fmt.Errorf("cannot listen on %s: %v%s", diag.Clean(addr), reason, hint)
	}
	host, _, _ := net.SplitHostPort(addr)
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	served := net.JoinHostPort(host, port)
	if err := run.server.RememberListen(served); err != nil {
		ln.Close()
		return nil, "", err
	}
	return ln, served, nil
}

// baseURL is the start of the links: --url, or the address served, with
// this computer's network address in place of "every address".
func (run *collectRun) baseURL(addr string, secure bool) string {
	if run.opts.url != "" {
		return strings.TrimSuffix(run.opts.url, "/")
	}
	scheme := "http"
	if secure {
		scheme = "https"
	}
	host, port, _ := net.SplitHostPort(addr)
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = networkAddress()
	}
	return scheme + "://" + net.JoinHostPort(host, port)
}

// networkAddress is this computer's first non-loopback IPv4 address, as
// its interfaces list it (nothing is sent anywhere to find it).
func networkAddress() string {
	addrs, err := net.InterfaceAddrs()
	if err == nil {
		for _, a := range addrs {
			if n, ok := a.(*net.IPNet); ok && !n.IP.IsLoopback() && n.IP.To4() != nil {
				return n.IP.String()
			}
		}
	}
	return "127.0.0.1"
}

// announce prints the link, its QR code, who can open it and the
// dashboard's link.
func (run *collectRun) announce(join, dash, addr string, deadline time.Time) {
	w := run.f.io.ErrOut
	sayWrapped(w, fmt.Sprintf("Collecting answers to %s in %s.", diag.Clean(run.q.Title), diag.Clean(run.opts.dir)))
	fmt.Fprintln(w)
	fmt.Fprintf(w, "Participants open this link, or scan the code:\n\n  %s\n\n", join)
	colour := run.f.io.IsStderrTTY() && run.f.io.getenv("NO_COLOR") == ""
	if code, err := collect.QR(join, colour); err == nil {
		// The code is drawn with the terminal's colours, so it goes to
		// the screen as it is; it holds nothing from a file or a flag.
		for _, line := range strings.SplitAfter(strings.TrimSuffix(code, "\n"), "\n") {
			fmt.Fprint(run.f.screenOut(), "  "+line)
		}
		fmt.Fprintln(w)
		fmt.Fprintln(w)
	}
	host, _, _ := net.SplitHostPort(addr)
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() || host == "localhost" {
		fmt.Fprintf(w, "Only this computer can open it (listening on %s).\nTo serve the room's network, add --listen 0.0.0.0:8080.\n", addr)
	} else {
		fmt.Fprintf(w, "Anyone on this network who has the link can answer (listening on %s).\n", addr)
	}
	fmt.Fprintf(w, "Your dashboard, for you alone:\n  %s\n", dash)
	switch {
	case run.opts.closeAfter > 0 && !deadline.IsZero():
		fmt.Fprintf(w, "The collection ends at %d results or at %s, whichever comes first.\n", run.opts.closeAfter, deadline.Local().Format("15:04"))
	case run.opts.closeAfter > 0:
		sayWrapped(w, fmt.Sprintf("The collection ends once %s holds %d results.", diag.Clean(run.opts.dir), run.opts.closeAfter))
	case !deadline.IsZero():
		fmt.Fprintf(w, "The collection ends at %s.\n", deadline.Local().Format("15:04 on 2 Jan"))
	}
	fmt.Fprintln(w, "Answers stay blind: this screen shows only how many have joined and finished.")
	fmt.Fprintln(w, "Press Ctrl-C to stop and print the workshop report.")
	fmt.Fprintln(w)
}

// changed shows the new counts and closes the collection once DIR holds
// --close-after results.
func (run *collectRun) changed(c collect.Counts) {
	run.status.show(c)
	run.checkClose()
}

func (run *collectRun) checkClose() {
	if run.opts.closeAfter == 0 {
		return
	}
	if files, err := resultFilesIn(run.opts.dir); err == nil && len(files) >= run.opts.closeAfter {
		run.once.Do(func() { close(run.closing) })
	}
}

// stopped says what is kept, then prints the workshop report.
func (run *collectRun) stopped(interrupted bool) error {
	run.status.done()
	w := run.f.io.ErrOut
	files, err := resultFilesIn(run.opts.dir)
	if err != nil {
		return err
	}
	msg := fmt.Sprintf("Stopped. %s in %s", result.UpperFirst(diag.Count(len(files), "result is", "results are")), diag.Clean(run.opts.dir))
	if n := run.server.Unfinished(); n > 0 {
		msg += fmt.Sprintf("; %s kept in %s: run the same command to let them finish",
			diag.Count(n, "unfinished answer set is", "unfinished answer sets are"), filepath.Join(diag.Clean(run.opts.dir), collect.StateDir))
	}
	sayWrapped(w, msg+".")
	if len(files) == 0 {
		if interrupted {
			return &cancelError{msg: "Nobody has finished yet, so there is no report."}
		}
		fmt.Fprintln(w, "Nobody has finished yet, so there is no report.")
		return nil
	}
	return runReport(run.f, &reportOptions{
		paths: []string{run.opts.dir}, anonymous: run.opts.anonymous, questionnaire: run.opts.questionnaire, output: run.opts.output,
	})
}

// collectStatus is the live line of counts on the facilitator's terminal:
// redrawn in place on a terminal, a plain line per change otherwise. It
// writes to the screen as it is (the redraw is an escape sequence), so
// every message given to line must be cleaned already.
type collectStatus struct {
	mu   sync.Mutex
	w    io.Writer
	tty  bool
	last string
	open bool
}

func (s *collectStatus) show(c collect.Counts) {
	s.mu.Lock()
	defer s.mu.Unlock()
	line := fmt.Sprintf("%s joined, %d finished, %d answering", diag.Count(c.Joined, "person", "people"), c.Finished, c.Joined-c.Finished)
	if line == s.last {
		return
	}
	s.last = line
	if s.tty {
		fmt.Fprint(s.w, "\r\x1b[2K"+line)
		s.open = true
		return
	}
	fmt.Fprintln(s.w, line)
}

// line prints a message on a line of its own.
func (s *collectStatus) line(msg string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.open {
		fmt.Fprintln(s.w)
		s.open = false
	}
	fmt.Fprintln(s.w, msg)
	s.last = ""
}

func (s *collectStatus) done() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.open {
		fmt.Fprintln(s.w)
		s.open = false
	}
}
