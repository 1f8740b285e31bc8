// Package collect serves one workshop's questionnaire over HTTP, so that
// every participant answers on their own phone or laptop. It renders
// plain server-side HTML forms (no scripts), saves each page as a draft the
// moment it is submitted, and hands each finished draft to the caller to
// score and save. A facilitator's token opens a live dashboard.
//
// Every URL starts with a 128-bit token: the join token for participants,
// the facilitator token for the dashboard. Anything else is 404 and
// touches nothing. See Handler for the rest of the defences.
package collect

import (
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/convergence-model/convergence/internal/questionnaire"
	"github.com/convergence-model/convergence/internal/result"
	"github.com/convergence-model/convergence/internal/store"
	"github.com/convergence-model/convergence/internal/survey"
)

// maxParticipants bounds how many people one workshop takes, so that a
// leaked link cannot fill the disk with drafts.
const maxParticipants = 2000

// Config is what a workshop server needs from its caller.
type Config struct {
	Questionnaire *questionnaire.Questionnaire
	// Dir is the workshop directory: results are saved there (by Finish),
	// tokens and drafts in Dir/.collect.
	Dir string
	// Org is written into every result.
	Org string
	// Now is the clock.
	Now func() time.Time
	// Finish scores a complete draft and saves the result in Dir, never
	// over another, returning the path written.
	Finish func(d *survey.Draft) (string, error)
	// Workshop aggregates the results in Dir for the dashboard; nil
	// without results.
	Workshop func() (*result.Workshop, error)
	// LoadResult reads a saved result for a participant's own report.
	LoadResult func(path string) (*result.Result, error)
	// Changed is called, from any goroutine, whenever someone joins or
	// finishes.
	Changed func(Counts)
	// Failed is told, from any goroutine, when something could not be
	// saved: the participant is asked to try again, the facilitator
	// should know why.
	Failed func(error)
	// Secure marks cookies Secure: set it when serving HTTPS.
	Secure bool
	// Rate is each client address's sustained request rate per second,
	// Burst how many it may send at once; zero gives the defaults.
	Rate  float64
	Burst int
}

// Counts are what the facilitator's terminal shows: never anyone's answers.
type Counts struct {
	Joined   int
	Finished int
}

// Server is one workshop's collection. It is safe for concurrent use.
type Server struct {
	cfg    Config
	q      *questionnaire.Questionnaire
	tokens *tokens
	key    []byte
	limit  *limiter

	mu     sync.RWMutex
	people map[string]*participant
	// finished counts the participants with a result; kept apart from
	// their locks so that counting never waits on a request.
	finished atomic.Int64
	// Notes say what loading the earlier run's state set aside.
	Notes []string
}

// New loads (or creates) the workshop's tokens and the participants of
// earlier runs from cfg.Dir.
func New(cfg Config) (*Server, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Rate == 0 {
		cfg.Rate, cfg.Burst = defaultRate, defaultBurst
	}
	t, err := loadTokens(cfg.Dir)
	if err != nil {
		return nil, err
	}
	key, _ := hex.DecodeString(t.Key)
	people, notes, err := loadParticipants(cfg.Dir, cfg.Questionnaire, cfg.Now())
	if err != nil {
		return nil, err
	}
	s := &Server{
		cfg: cfg, q: cfg.Questionnaire, tokens: t, key: key, people: people, Notes: notes,
		// The limiter keeps real time, whatever clock results are dated by.
		limit: newLimiter(cfg.Rate, cfg.Burst, time.Now),
	}
	for _, p := range people {
		if p.result != "" {
			s.finished.Add(1)
		}
	}
	return s, nil
}

// JoinPath is the path participants open: "/<join token>/".
func (s *Server) JoinPath() string { return "/" + s.tokens.Join + "/" }

// DashboardPath is the facilitator's dashboard: "/<facilitator token>/dashboard".
func (s *Server) DashboardPath() string { return "/" + s.tokens.Facilitator + "/dashboard" }

// LastListen is the address the workshop was served on last time, or "".
func (s *Server) LastListen() string { return s.tokens.Listen }

// RememberListen saves the address served now, for the next run.
func (s *Server) RememberListen(addr string) error {
	if s.tokens.Listen == addr {
		return nil
	}
	s.tokens.Listen = addr
	return saveTokens(s.cfg.Dir, s.tokens)
}

// Counts says how many have joined and finished.
func (s *Server) Counts() Counts {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return Counts{Joined: len(s.people), Finished: int(s.finished.Load())}
}

func (s *Server) changed() {
	if s.cfg.Changed != nil {
		s.cfg.Changed(s.Counts())
	}
}

func (s *Server) participant(id string) *participant {
	if !validToken(id) {
		return nil
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.people[id]
}

// errFull means the workshop has taken maxParticipants people.
var errFull = errors.New("this workshop is full")

// join starts a participant with their details and saves their draft.
func (s *Server) join(a about) (*participant, error) {
	d := survey.NewDraft(s.q, s.cfg.Now())
	d.Respondent = questionnaire.Respondent{Name: a.Name, Role: a.Role, Org: s.cfg.Org}
	p := &participant{id: newToken(), draft: d}
	s.mu.Lock()
	if len(s.people) >= maxParticipants {
		s.mu.Unlock()
		return nil, errFull
	}
	s.people[p.id] = p
	s.mu.Unlock()
	if err := s.save(p); err != nil {
		s.mu.Lock()
		delete(s.people, p.id)
		s.mu.Unlock()
		return nil, err
	}
	s.changed()
	return p, nil
}

// save writes a participant's draft; the caller holds p.mu.
func (s *Server) save(p *participant) error {
	p.draft.UpdatedAt = s.cfg.Now().UTC().Truncate(time.Second)
	data, err := p.draft.Marshal()
	if err != nil {
		return err
	}
	return store.WriteDraft(draftPath(s.cfg.Dir, p.id), data)
}

// finish scores and saves a complete draft, once; the caller holds p.mu.
func (s *Server) finish(p *participant) error {
	path, err := s.cfg.Finish(p.draft)
	if err != nil {
		return err
	}
	name := filepath.Base(path)
	if err := store.WriteDraft(donePath(s.cfg.Dir, p.id), []byte(name+"\n")); err != nil {
		return err
	}
	p.result = name
	s.finished.Add(1)
	_ = store.RemoveDraft(draftPath(s.cfg.Dir, p.id))
	return nil
}

// Unfinished is how many participants have a draft and no result.
func (s *Server) Unfinished() int {
	c := s.Counts()
	return c.Joined - c.Finished
}

// errorPage writes a short page for a refused request.
func (s *Server) errorPage(w http.ResponseWriter, status int, title, msg string) {
	setHeaders(w, assets().csp)
	s.render(w, "message", messagePage{Title: title, Message: msg, Heading: s.q.Title}, status)
}

// notFound is the answer to anything without a token: the same bytes
// whatever was asked, so a probe learns nothing.
func notFound(w http.ResponseWriter) {
	setHeaders(w, assets().csp)
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	_, _ = io.WriteString(w, "404 page not found\n")
}

// internalError answers a request that failed on this side, telling the
// facilitator why and the participant only that it failed: nothing of
// the machine's paths or errors reaches a browser.
func (s *Server) internalError(w http.ResponseWriter, err error) {
	if s.cfg.Failed != nil {
		s.cfg.Failed(err)
	}
	setHeaders(w, assets().csp)
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusInternalServerError)
	_, _ = fmt.Fprintln(w, "Your answers could not be saved on the facilitator's computer. Tell the facilitator; try again in a moment.")
}
