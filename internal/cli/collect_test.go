package cli

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/convergence-model/convergence/internal/collect"
	"github.com/convergence-model/convergence/internal/collect/collecttest"
	"github.com/convergence-model/convergence/internal/questionnaire"
	"github.com/convergence-model/convergence/internal/report"
	"github.com/convergence-model/convergence/internal/result"
)

// collectRunning is a collect command running in the background.
type collectRunning struct {
	join, dash string
	cancel     context.CancelFunc
	done       chan error
}

func startCollect(t *testing.T, e *assessEnv, opts *collectOptions) *collectRunning {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	links := make(chan [2]string, 1)
	opts.ready = func(join, dash string) { links <- [2]string{join, dash} }
	if opts.timeouts == (collect.Timeouts{}) {
		opts.timeouts = collect.DefaultTimeouts
	}
	opts.output.allowed = report.Formats
	r := &collectRunning{cancel: cancel, done: make(chan error, 1)}
	go func() { r.done <- runCollect(ctx, e.f, opts) }()
	select {
	case l := <-links:
		r.join, r.dash = l[0], l[1]
	case err := <-r.done:
		cancel()
		t.Fatalf("collect stopped at once: %v\n%s", err, e.errOut)
	case <-time.After(10 * time.Second):
		cancel()
		t.Fatal("collect did not start within 10 s")
	}
	t.Cleanup(cancel)
	return r
}

// wait waits for the command to end, as Run reports it.
func (r *collectRunning) wait(t *testing.T, e *assessEnv) int {
	t.Helper()
	select {
	case err := <-r.done:
		if err != nil {
			printError(e.errOut, newCmdCollect(e.f), err)
		}
		return exitCode(err)
	case <-time.After(30 * time.Second):
		t.Fatal("collect did not stop within 30 s")
		return -1
	}
}

func splitLink(t *testing.T, link string) (base, path string) {
	t.Helper()
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	return u.Scheme + "://" + u.Host, u.Path
}

func TestCollectThenCtrlCPrintsTheReport(t *testing.T) {
	e := newAssessEnv(t)
	dir := filepath.Join(t.TempDir(), "acme")
	q, _, err := questionnaire.Resolve("convergence-core")
	if err != nil {
		t.Fatal(err)
	}
	run := startCollect(t, e, &collectOptions{dir: dir, org: "Acme", listen: "127.0.0.1:0", output: outputFlags{format: "json"}})
	base, join := splitLink(t, run.join)

	// Three finish at once; a fourth stops half-way.
	people := []struct{ name, role string }{{"Ana Ruiz", "marketing"}, {"Ben Okafor", "sales"}, {"Chloé Martin", "service"}}
	var wg sync.WaitGroup
	for i, p := range people {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := collecttest.New(base, net.IPv4(127, 0, 0, byte(10+i)))
			defer c.Close()
			if err := c.Complete(q, join, p.name, p.role, collecttest.Level(i+2)); err != nil {
				t.Errorf("%s: %v", p.name, err)
			}
		}()
	}
	half := collecttest.New(base, net.IPv4(127, 0, 0, 20))
	if err := half.Start(join, "Dee", "product"); err != nil {
		t.Fatal(err)
	}
	if err := half.AnswerPages(q, 2, collecttest.Level(3)); err != nil {
		t.Fatal(err)
	}
	resume := half.ResumeLink()
	wg.Wait()

	run.cancel() // Ctrl-C
	if code := run.wait(t, e); code != exitOK {
		t.Fatalf("exit %d after Ctrl-C with results, want 0\n%s", code, e.errOut)
	}
	var ws result.Workshop
	if err := json.Unmarshal(e.out.Bytes(), &ws); err != nil {
		t.Fatalf("the workshop report: %v\n%s", err, e.out)
	}
	if len(ws.Respondents) != 3 {
		t.Errorf("the report has %d respondents, want 3", len(ws.Respondents))
	}
	errText := e.errOut.String()
	for _, want := range []string{"Only this computer can open it", "3 results are in", "1 unfinished answer set is kept"} {
		if !strings.Contains(strings.Join(strings.Fields(errText), " "), want) {
			t.Errorf("stderr lacks %q:\n%s", want, errText)
		}
	}
	// Blind: nobody's answers or names on the facilitator's terminal.
	for _, p := range people {
		if strings.Contains(errText, p.name) {
			t.Errorf("the terminal shows %s", p.name)
		}
	}
	for _, line := range strings.Split(errText, "\n") {
		if len([]rune(line)) > 80 {
			t.Errorf("a line of %d columns: %q", len([]rune(line)), line)
		}
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	if len(files) != 3 {
		t.Errorf("results in the directory: %v", files)
	}

	// A second run: same links; the one who stopped carries on and the
	// collection closes by itself at four results.
	e.out.Reset()
	e.errOut.Reset()
	half.Close() // its idle connection was to the server that stopped
	again := startCollect(t, e, &collectOptions{dir: dir, closeAfter: 4, closeGrace: 5 * time.Second, output: outputFlags{format: "json"}})
	base2, join2 := splitLink(t, again.join)
	if join2 != join {
		t.Errorf("the second run's link is %s, the first's %s", join2, join)
	}
	half.Base = base2
	if err := half.Get(resume); err != nil || !strings.HasSuffix(half.Path, "/3") {
		t.Fatalf("resume: %v at %s", err, half.Path)
	}
	if err := half.Finish(q, collecttest.Level(3)); err != nil {
		t.Fatal(err)
	}
	if code := again.wait(t, e); code != exitOK {
		t.Fatalf("exit %d after --close-after, want 0\n%s", code, e.errOut)
	}
	if err := json.Unmarshal(e.out.Bytes(), &ws); err != nil || len(ws.Respondents) != 4 {
		t.Errorf("the second report: %v, %d respondents", err, len(ws.Respondents))
	}
	if drafts, _ := filepath.Glob(filepath.Join(dir, collect.StateDir, "*.json")); len(drafts) != 1 {
		t.Errorf("state files left: %v (want only workshop.json)", drafts)
	}
}

func TestCollectStoppedBeforeAnyoneFinished(t *testing.T) {
	e := newAssessEnv(t)
	run := startCollect(t, e, &collectOptions{dir: filepath.Join(t.TempDir(), "w"), listen: "127.0.0.1:0", output: outputFlags{format: "text"}})
	run.cancel()
	if code := run.wait(t, e); code != exitCancelled {
		t.Errorf("exit %d, want %d", code, exitCancelled)
	}
	if !strings.Contains(e.errOut.String(), "Nobody has finished yet") || e.out.Len() != 0 {
		t.Errorf("stderr:\n%s\nstdout:\n%s", e.errOut, e.out)
	}
}

func TestCollectPortInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	e := newAssessEnv(t)
	opts := &collectOptions{dir: filepath.Join(t.TempDir(), "w"), listen: ln.Addr().String(), output: outputFlags{format: "text", allowed: report.Formats}}
	err = runCollect(context.Background(), e.f, opts)
	if code := exitCode(err); code != exitFailure || !strings.Contains(err.Error(), "cannot listen on") {
		t.Errorf("exit %d: %v", code, err)
	}
}

// A second collection into the same directory is refused while the first
// runs: it would serve the same links with counts of its own.
func TestCollectTwiceInOneDirectory(t *testing.T) {
	e := newAssessEnv(t)
	dir := filepath.Join(t.TempDir(), "w")
	first := startCollect(t, e, &collectOptions{dir: dir, listen: "127.0.0.1:0", output: outputFlags{format: "text"}})
	second := newAssessEnv(t)
	opts := &collectOptions{dir: dir, listen: "127.0.0.1:0", output: outputFlags{format: "text", allowed: report.Formats}}
	// Bounded: a second collection that is not refused serves until
	// cancelled.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := runCollect(ctx, second.f, opts)
	if code := exitCode(err); code != exitFailure || err == nil || !strings.Contains(err.Error(), "another collection is running (process ") {
		t.Errorf("second collection: exit %d: %v", code, err)
	}
	first.cancel()
	first.wait(t, e)
	// Once the first has stopped, the directory is free again.
	again := startCollect(t, second, &collectOptions{dir: dir, listen: "127.0.0.1:0", output: outputFlags{format: "text"}})
	again.cancel()
	if code := again.wait(t, second); code != exitCancelled {
		t.Errorf("after the first stopped: exit %d\n%s", code, second.errOut)
	}
}

func TestCollectUntilPassedIsAUsageError(t *testing.T) {
	e := newAssessEnv(t)
	past := assessTime.Add(-time.Hour).Format("15:04")
	opts := &collectOptions{dir: t.TempDir(), until: past, output: outputFlags{format: "text", allowed: report.Formats}}
	err := runCollect(context.Background(), e.f, opts)
	if code := exitCode(err); code != exitInput {
		t.Errorf("--until %s: exit %d (%v)", past, code, err)
	}
	if _, err := os.Stat(filepath.Join(opts.dir, collect.StateDir)); err == nil {
		t.Error("a refused command created the state directory")
	}
}

func TestCollectServesHTTPS(t *testing.T) {
	dir := t.TempDir()
	cert, key := selfSigned(t, dir)
	e := newAssessEnv(t)
	run := startCollect(t, e, &collectOptions{dir: filepath.Join(dir, "w"), listen: "127.0.0.1:0", tlsCert: cert, tlsKey: key, output: outputFlags{format: "text"}})
	if !strings.HasPrefix(run.join, "https://127.0.0.1:") {
		t.Fatalf("the link is %s", run.join)
	}
	client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
	resp, err := client.Get(run.join)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Set-Cookie"), "Secure") {
		t.Errorf("over HTTPS: %d, cookie %q", resp.StatusCode, resp.Header.Get("Set-Cookie"))
	}
	// Plain HTTP to the HTTPS port is not served.
	plain := strings.Replace(run.join, "https://", "http://", 1)
	if resp, err := (&http.Client{Timeout: 5 * time.Second}).Get(plain); err == nil {
		resp.Body.Close()
		if resp.StatusCode == 200 {
			t.Error("plain HTTP was served on the HTTPS port")
		}
	}
	run.cancel()
	run.wait(t, e)
}

// selfSigned writes a certificate for 127.0.0.1 and its key.
func selfSigned(t *testing.T, dir string) (certFile, keyFile string) {
	t.Helper()
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
		NotBefore:   time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &priv.PublicKey, priv)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		t.Fatal(err)
	}
	return certFile, keyFile
}
