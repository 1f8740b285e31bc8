// Package collecttest drives a collect server as a participant's browser
// would, with plain HTTP: for end-to-end tests and the load benchmark.
package collecttest

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/convergence-model/convergence/internal/questionnaire"
)

// Participant is one browser: a cookie jar, the last page it was shown,
// and how long each request took.
type Participant struct {
	Client *http.Client
	// Base is the server's origin, "http://127.0.0.1:8080".
	Base string
	// Page and Path are the last page shown and its path.
	Page, Path string
	// Status is the last response's status.
	Status int
	// Latencies are the times of every request, redirects included;
	// Saves those of the requests that send a form (and so write).
	Latencies, Saves []time.Duration
	// Pause, when set, is called before each form is sent: the time a
	// person spends reading and answering.
	Pause func()
}

// New makes a participant of the server at base. With local set, its
// connections come from that address (such as 127.0.0.7), so that many
// participants on one machine look like many devices.
func New(base string, local net.IP) *Participant {
	jar, _ := cookiejar.New(nil)
	dialer := &net.Dialer{Timeout: 5 * time.Second}
	if local != nil {
		dialer.LocalAddr = &net.TCPAddr{IP: local}
	}
	tr := &http.Transport{DialContext: dialer.DialContext, MaxIdleConnsPerHost: 2, IdleConnTimeout: 30 * time.Second}
	p := &Participant{Base: strings.TrimSuffix(base, "/")}
	p.Client = &http.Client{Jar: jar, Timeout: 30 * time.Second, Transport: tr}
	// Each hop is timed on its own, as a browser's page loads are.
	p.Client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return p
}

// Close drops the participant's idle connections.
func (p *Participant) Close() { p.Client.CloseIdleConnections() }

// do sends one request and follows redirects, timing each hop.
func (p *Participant) do(req *http.Request) error {
	for hops := 0; ; hops++ {
		start := time.Now()
		resp, err := p.Client.Do(req)
		if err != nil {
			return err
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		took := time.Since(start)
		p.Latencies = append(p.Latencies, took)
		if req.Method == http.MethodPost {
			p.Saves = append(p.Saves, took)
		}
		if err != nil {
			return err
		}
		if loc := resp.Header.Get("Location"); resp.StatusCode == http.StatusSeeOther && loc != "" && hops < 5 {
			req, err = http.NewRequest(http.MethodGet, p.Base+loc, nil)
			if err != nil {
				return err
			}
			continue
		}
		p.Page, p.Path, p.Status = string(body), req.URL.Path, resp.StatusCode
		return nil
	}
}

// Get opens a path.
func (p *Participant) Get(path string) error {
	req, err := http.NewRequest(http.MethodGet, p.Base+path, nil)
	if err != nil {
		return err
	}
	return p.do(req)
}

var (
	csrfField  = regexp.MustCompile(`name="csrf" value="([^"]+)"`)
	formAction = regexp.MustCompile(`<form method="post" action="([^"]+)"`)
	resumeLink = regexp.MustCompile(`<p class="resume"><a href="([^"]+)"`)
)

// Submit sends the current page's form with these fields and its secret.
func (p *Participant) Submit(fields url.Values) error {
	secret := csrfField.FindStringSubmatch(p.Page)
	action := formAction.FindStringSubmatch(p.Page)
	if secret == nil || action == nil {
		return fmt.Errorf("no form on %s (status %d)", p.Path, p.Status)
	}
	if p.Pause != nil {
		p.Pause()
	}
	form := url.Values{"csrf": {secret[1]}}
	for k, v := range fields {
		form[k] = v
	}
	return p.Post(action[1], form)
}

// Post sends a form to any path, as it is: for requests no page of the
// server offers, such as a form sent again after the end.
func (p *Participant) Post(path string, form url.Values) error {
	req, err := http.NewRequest(http.MethodPost, p.Base+path, strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return p.do(req)
}

// ResumeLink is the resume link the current page shows.
func (p *Participant) ResumeLink() string {
	if m := resumeLink.FindStringSubmatch(p.Page); m != nil {
		return m[1]
	}
	return ""
}

// Answer gives one answer for each question: a level "1" to "5",
// "unsure" or "na".
type Answer func(qu *questionnaire.Question) string

// Level answers every question with the same level.
func Level(n int) Answer { return func(*questionnaire.Question) string { return strconv.Itoa(n) } }

// Start opens the join path and sends the about-you page.
func (p *Participant) Start(join, name, role string) error {
	if err := p.Get(join); err != nil {
		return err
	}
	if err := p.Submit(url.Values{"name": {name}, "role": {role}}); err != nil {
		return err
	}
	return p.expect("/1")
}

// AnswerPages answers the areas from the current page on, up to and
// including area last, skipping evidence pages.
func (p *Participant) AnswerPages(q *questionnaire.Questionnaire, last int, answer Answer) error {
	for {
		n, err := strconv.Atoi(p.Path[strings.LastIndex(p.Path, "/")+1:])
		if err != nil || n > last {
			return nil
		}
		f := url.Values{}
		for _, qu := range q.Dimensions[n-1].Questions {
			f.Set(qu.ID, answer(&qu))
		}
		if err := p.Submit(f); err != nil {
			return err
		}
		if p.Status != http.StatusOK {
			return fmt.Errorf("area %d: status %d", n, p.Status)
		}
		if strings.HasSuffix(p.Path, "/evidence") {
			if err := p.Submit(url.Values{}); err != nil {
				return err
			}
		}
	}
}

// Finish answers what is left and sends the answers.
func (p *Participant) Finish(q *questionnaire.Questionnaire, answer Answer) error {
	if err := p.AnswerPages(q, len(q.Dimensions), answer); err != nil {
		return err
	}
	if err := p.expect("/finish"); err != nil {
		return err
	}
	if err := p.Submit(url.Values{}); err != nil {
		return err
	}
	return p.expect("/thanks")
}

// Complete is Start then Finish.
func (p *Participant) Complete(q *questionnaire.Questionnaire, join, name, role string, answer Answer) error {
	if err := p.Start(join, name, role); err != nil {
		return err
	}
	return p.Finish(q, answer)
}

func (p *Participant) expect(suffix string) error {
	if p.Status != http.StatusOK || !strings.HasSuffix(p.Path, suffix) {
		return fmt.Errorf("expected a page ending %s, got %s (status %d)", suffix, p.Path, p.Status)
	}
	return nil
}
