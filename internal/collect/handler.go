package collect

import (
	"bytes"
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/convergence-model/convergence/internal/result"
	"github.com/convergence-model/convergence/internal/survey"
)

// MaxBody bounds a request body: a page of answers with notes is a few
// kilobytes.
const MaxBody = 64 << 10

// Cookies: the participant's id, sent back on their POSTs (SameSite=Lax
// keeps it off other sites' forms), and the start page's double-submit
// secret.
const (
	cookieParticipant = "convergence_participant"
	cookieStart       = "convergence_start"
)

// reportCSP is a participant's report's content security policy: it keeps
// its own inline styles and data: images, and has no forms. The pages run
// no script and load nothing; their policy, which allows their one
// stylesheet by its hash, is built with them (see assets).
const reportCSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; frame-ancestors 'none'; base-uri 'none'"

func setHeaders(w http.ResponseWriter, csp string) {
	h := w.Header()
	h.Set("Content-Security-Policy", csp)
	h.Set("X-Content-Type-Options", "nosniff")
	// The URL holds the token: it must never travel in a Referer.
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	// Pages hold answers and tokens: no cache keeps them.
	h.Set("Cache-Control", "no-store")
}

// Handler serves the workshop. In order, for every request: a per-address
// rate limit (429), the token as the first path segment compared in
// constant time (404 otherwise, with nothing read or written), then the
// participant's pages or the dashboard. Every POST body is capped at
// MaxBody (413), must carry the participant's form secret and cookie (403)
// and only the fields and values the page offers (400); only then is
// anything written. Nothing is logged.
func (s *Server) Handler() http.Handler {
	return http.HandlerFunc(s.serve)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if !s.limit.allow(r.RemoteAddr) {
		setHeaders(w, assets().csp)
		w.Header().Set("Retry-After", "2")
		http.Error(w, "Too many requests: wait a moment and try again.", http.StatusTooManyRequests)
		return
	}
	path := r.URL.Path
	if !strings.HasPrefix(path, "/") {
		notFound(w)
		return
	}
	tok, rest, _ := strings.Cut(path[1:], "/")
	switch {
	case equal(tok, s.tokens.Join):
		if rest == "" && !strings.HasSuffix(path, "/") {
			// "/<token>" without the slash: the QR code's URL has it, a
			// hand-typed one may not.
			s.redirect(w, r, s.JoinPath())
			return
		}
		s.serveJoin(w, r, rest)
	case equal(tok, s.tokens.Facilitator):
		s.serveFacilitator(w, r, rest)
	default:
		notFound(w)
	}
}

func equal(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

func (s *Server) redirect(w http.ResponseWriter, r *http.Request, to string) {
	setHeaders(w, assets().csp)
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// readForm reads a POST body within MaxBody. It answers the refusal itself
// and reports whether to go on.
func readForm(w http.ResponseWriter, r *http.Request) (url.Values, bool) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "GET, POST")
		http.Error(w, "Method not allowed.", http.StatusMethodNotAllowed)
		return nil, false
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/x-www-form-urlencoded") {
		http.Error(w, "Send the form as a browser does.", http.StatusUnsupportedMediaType)
		return nil, false
	}
	r.Body = http.MaxBytesReader(w, r.Body, MaxBody)
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			http.Error(w, "The form is too large.", http.StatusRequestEntityTooLarge)
			return nil, false
		}
		http.Error(w, "The form could not be read.", http.StatusBadRequest)
		return nil, false
	}
	// Only the body counts: a query string on a POST is not ours.
	if r.URL.RawQuery != "" {
		http.Error(w, "The form could not be read.", http.StatusBadRequest)
		return nil, false
	}
	return r.PostForm, true
}

// serveJoin serves the participant's side: the start page, then the pages
// under "p/<id>/".
func (s *Server) serveJoin(w http.ResponseWriter, r *http.Request, rest string) {
	setHeaders(w, assets().csp)
	switch {
	case rest == "":
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			http.Error(w, "Method not allowed.", http.StatusMethodNotAllowed)
			return
		}
		// Someone who has started is taken back to where they were.
		if c, err := r.Cookie(cookieParticipant); err == nil {
			if p := s.participant(c.Value); p != nil {
				s.redirect(w, r, s.pagePath(p.id, s.current(p)))
				return
			}
		}
		s.startPage(w, r, nil, about{}, false, http.StatusOK)
	case rest == "start":
		s.start(w, r)
	case strings.HasPrefix(rest, "p/"):
		id, page, _ := strings.Cut(strings.TrimPrefix(rest, "p/"), "/")
		p := s.participant(id)
		if p == nil {
			s.errorPage(w, http.StatusNotFound, "Link not found",
				"This link does not lead to anyone's answers. Open the workshop's link again to start.")
			return
		}
		s.serveParticipant(w, r, p, page)
	default:
		s.errorPage(w, http.StatusNotFound, "Page not found", "There is no such page in this workshop.")
	}
}

// start reads the first page and creates the participant.
func (s *Server) start(w http.ResponseWriter, r *http.Request) {
	form, ok := readForm(w, r)
	if !ok {
		return
	}
	c, err := r.Cookie(cookieStart)
	if err != nil || !validToken(c.Value) || !equal(form.Get(fieldCSRF), c.Value) {
		s.errorPage(w, http.StatusForbidden, "Please start again",
			"This form was not sent from the workshop's page, or it is too old. Open the workshop's link and start again.")
		return
	}
	a, missing, err := parseAbout(form)
	if err != nil {
		http.Error(w, "The form holds answers this questionnaire does not offer.", http.StatusBadRequest)
		return
	}
	if missing {
		s.startPage(w, r, c, a, true, http.StatusUnprocessableEntity)
		return
	}
	p, err := s.join(a)
	if errors.Is(err, errFull) {
		s.errorPage(w, http.StatusServiceUnavailable, "The workshop is full", "No more participants can join this workshop.")
		return
	}
	if err != nil {
		s.internalError(w, err)
		return
	}
	s.setParticipantCookie(w, p.id)
	s.redirect(w, r, s.pagePath(p.id, "1"))
}

func (s *Server) setParticipantCookie(w http.ResponseWriter, id string) {
	http.SetCookie(w, &http.Cookie{
		Name: cookieParticipant, Value: id, Path: s.JoinPath(), MaxAge: 30 * 24 * 3600,
		HttpOnly: true, Secure: s.cfg.Secure, SameSite: http.SameSiteLaxMode,
	})
}

// startPage shows the about-you page to someone who has not started. Its
// form secret is a double-submit cookie.
func (s *Server) startPage(w http.ResponseWriter, r *http.Request, c *http.Cookie, a about, roleMissing bool, status int) {
	secret := ""
	if c != nil && validToken(c.Value) {
		secret = c.Value
	} else {
		secret = newToken()
		http.SetCookie(w, &http.Cookie{
			Name: cookieStart, Value: secret, Path: s.JoinPath(), MaxAge: 24 * 3600,
			HttpOnly: true, Secure: s.cfg.Secure, SameSite: http.SameSiteStrictMode,
		})
	}
	fr := s.frame("About you", 0)
	fr.Action, fr.CSRF, fr.Submit = s.JoinPath()+"start", secret, "Start"
	s.render(w, "about", s.aboutView(fr, a, roleMissing), status)
}

// aboutView is the about-you page in the frame given: the start page's
// before someone has joined, their own page's after.
func (s *Server) aboutView(fr frame, a about, roleMissing bool) aboutPage {
	page := aboutPage{frame: fr, Name: a.Name, RoleMissing: roleMissing, Intro: survey.Overview(s.q), MaxLength: maxNameRunes}
	for _, role := range result.Roles {
		page.Roles = append(page.Roles, choiceView{Value: role, Label: result.RoleName(role), Checked: role == a.Role})
	}
	if roleMissing {
		page.ErrorTitle = "One answer is missing"
		page.Errors = []pageError{{Href: "#role-field", Text: "Choose your role."}}
	}
	return page
}

func (s *Server) frame(title string, step int) frame {
	return frame{Title: title, Heading: s.q.Title, Step: step, Steps: len(s.q.Dimensions) + 1}
}

// pagePath is the path of a participant's page.
func (s *Server) pagePath(id, page string) string {
	return s.JoinPath() + "p/" + id + "/" + page
}

// current is the page a participant resumes on: the first area with an
// unanswered question, else the last page.
func (s *Server) current(p *participant) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.result != "" {
		return "thanks"
	}
	if p.draft.Respondent.Role == "" {
		return "about"
	}
	for i := range s.q.Dimensions {
		for _, qu := range s.q.Dimensions[i].Questions {
			if _, ok := p.draft.Answers[qu.ID]; !ok {
				return strconv.Itoa(i + 1)
			}
		}
	}
	return "finish"
}

// serveParticipant serves one participant's page. Their requests take
// turns, so two tabs cannot interleave a draft's writes.
func (s *Server) serveParticipant(w http.ResponseWriter, r *http.Request, p *participant, page string) {
	if page == "" {
		// The resume link: it sets the cookie on this device too.
		s.setParticipantCookie(w, p.id)
		s.redirect(w, r, s.pagePath(p.id, s.current(p)))
		return
	}
	var form url.Values
	if r.Method == http.MethodPost {
		var ok bool
		if form, ok = readForm(w, r); !ok {
			return
		}
		c, err := r.Cookie(cookieParticipant)
		if err != nil || !equal(c.Value, p.id) || !equal(form.Get(fieldCSRF), formSecret(s.key, p.id)) {
			s.errorPage(w, http.StatusForbidden, "Please open your link again",
				"This form was not sent from your page of the workshop. Open your link again to go on; your answers are kept.")
			return
		}
	} else if r.Method != http.MethodGet && r.Method != http.MethodHead {
		http.Error(w, "Method not allowed.", http.StatusMethodNotAllowed)
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.result != "" {
		switch page {
		case "thanks":
			s.thanks(w, p)
		case "report":
			s.report(w, p)
		default:
			if form != nil {
				s.errorPage(w, http.StatusConflict, "Your answers are already in",
					"You have sent your answers, so they cannot be changed or sent again.")
				return
			}
			s.redirect(w, r, s.pagePath(p.id, "thanks"))
		}
		return
	}
	switch num, evidence := strings.CutSuffix(page, "/evidence"); {
	case page == "about":
		s.aboutPage(w, r, p, form)
	case page == "finish":
		s.finishPage(w, r, p, form)
	case page == "thanks" || page == "report":
		s.redirect(w, r, s.pagePath(p.id, "finish"))
	default:
		n, err := strconv.Atoi(num)
		if err != nil || n < 1 || n > len(s.q.Dimensions) || strconv.Itoa(n) != num {
			s.errorPage(w, http.StatusNotFound, "Page not found", "There is no such page in this workshop.")
			return
		}
		if evidence {
			s.evidencePage(w, r, p, n, form)
		} else {
			s.dimensionPage(w, r, p, n, form)
		}
	}
}

// participantFrame is the frame of a participant's page, with their
// resume link and form secret.
func (s *Server) participantFrame(r *http.Request, p *participant, title string, step int, action string) frame {
	f := s.frame(title, step)
	f.ResumePath = s.JoinPath() + "p/" + p.id + "/"
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	f.Resume = scheme + "://" + r.Host + f.ResumePath
	f.Action = s.pagePath(p.id, action)
	f.CSRF = formSecret(s.key, p.id)
	return f
}

func (s *Server) aboutPage(w http.ResponseWriter, r *http.Request, p *participant, form url.Values) {
	a := about{Name: p.draft.Respondent.Name, Role: p.draft.Respondent.Role}
	status := http.StatusOK
	missing := false
	if form != nil {
		var err error
		a, missing, err = parseAbout(form)
		if err != nil {
			http.Error(w, "The form holds answers this questionnaire does not offer.", http.StatusBadRequest)
			return
		}
		if !missing {
			p.draft.Respondent.Name, p.draft.Respondent.Role = a.Name, a.Role
			if err := s.save(p); err != nil {
				s.internalError(w, err)
				return
			}
			s.redirect(w, r, s.pagePath(p.id, "1"))
			return
		}
		status = http.StatusUnprocessableEntity
	}
	fr := s.participantFrame(r, p, "About you", 0, "about")
	fr.Progress, fr.Submit = "About you", "Next"
	s.render(w, "about", s.aboutView(fr, a, missing), status)
}

// dimensionPage shows or takes one area's questions.
func (s *Server) dimensionPage(w http.ResponseWriter, r *http.Request, p *participant, n int, form url.Values) {
	dim := &s.q.Dimensions[n-1]
	var missing []string
	status := http.StatusOK
	if form != nil {
		got, miss, err := parseDimension(dim, form)
		if err != nil {
			http.Error(w, "The form holds answers this questionnaire does not offer.", http.StatusBadRequest)
			return
		}
		// What was answered is kept even when some is missing: a page
		// half done is not lost.
		for id, a := range got {
			a.Note = p.draft.Answers[id].Note
			if !survey.WantsNote(s.q, s.q.Question(id), a) {
				a.Note = ""
			}
			p.draft.Answers[id] = a
		}
		if len(got) > 0 {
			if err := s.save(p); err != nil {
				s.internalError(w, err)
				return
			}
		}
		if len(miss) == 0 {
			s.redirect(w, r, s.after(p, n))
			return
		}
		missing, status = miss, http.StatusUnprocessableEntity
	}
	page := dimensionPage{
		frame:     s.participantFrame(r, p, dim.Name, n, strconv.Itoa(n)),
		Dimension: dim.Name, Summary: dim.Summary, Total: len(s.q.Questions()),
	}
	page.Progress = fmt.Sprintf("%s · %d of %d", dim.Name, n, len(s.q.Dimensions))
	page.Back = s.pagePath(p.id, "about")
	if n > 1 {
		page.Back = s.pagePath(p.id, strconv.Itoa(n-1))
	}
	page.Submit = "Next"
	number := 0
	for i := range s.q.Dimensions[:n-1] {
		number += len(s.q.Dimensions[i].Questions)
	}
	for i := range dim.Questions {
		qu := &dim.Questions[i]
		number++
		qv := questionView{ID: qu.ID, Anchor: "q-" + qu.ID, Prompt: qu.Prompt, Help: qu.Help, Number: number}
		given, answered := p.draft.Answers[qu.ID]
		current := ""
		if answered {
			current = encodeAnswer(given)
		}
		for _, o := range qu.Options {
			v := strconv.Itoa(o.Level)
			qv.Options = append(qv.Options, choiceView{Value: v, Label: o.Label, Checked: current == v})
		}
		qv.Options = append(qv.Options, choiceView{Value: valueUnsure, Label: result.NotSureLabel, Checked: current == valueUnsure, Extra: true,
			Detail: "Scores as Level 1 and is listed as something to check."})
		if qu.AllowNA {
			qv.Options = append(qv.Options, choiceView{Value: valueNA, Label: result.NotApplicableLabel, Checked: current == valueNA, Extra: true, Detail: qu.NAWhen})
		}
		for _, m := range missing {
			if m == qu.ID {
				qv.Missing = true
				page.Errors = append(page.Errors, pageError{Href: "#" + qv.Anchor, Text: fmt.Sprintf("Question %d: %s", number, qu.Prompt)})
			}
		}
		page.Questions = append(page.Questions, qv)
	}
	if len(page.Errors) > 0 {
		page.ErrorTitle = fmt.Sprintf("%d of %d questions need an answer", len(page.Errors), len(dim.Questions))
	}
	s.render(w, "dimension", page, status)
}

// after is where a participant goes once area n is answered: its evidence
// page when an answer there claims a gate's level, else the next area, or
// the last page.
func (s *Server) after(p *participant, n int) string {
	if len(evidenceWanted(s.q, &s.q.Dimensions[n-1], p.draft)) > 0 {
		return s.pagePath(p.id, strconv.Itoa(n)+"/evidence")
	}
	return s.next(p, n)
}

func (s *Server) next(p *participant, n int) string {
	if n < len(s.q.Dimensions) {
		return s.pagePath(p.id, strconv.Itoa(n+1))
	}
	return s.pagePath(p.id, "finish")
}

// evidencePage asks for a line of evidence for the gate answers of area n.
func (s *Server) evidencePage(w http.ResponseWriter, r *http.Request, p *participant, n int, form url.Values) {
	dim := &s.q.Dimensions[n-1]
	gates := evidenceWanted(s.q, dim, p.draft)
	if len(gates) == 0 {
		if form != nil {
			http.Error(w, "This page asks for nothing now.", http.StatusBadRequest)
			return
		}
		s.redirect(w, r, s.next(p, n))
		return
	}
	if form != nil {
		notes, err := parseNotes(gates, form)
		if err != nil {
			http.Error(w, "The form holds answers this questionnaire does not offer.", http.StatusBadRequest)
			return
		}
		for id, note := range notes {
			a := p.draft.Answers[id]
			a.Note = note
			p.draft.Answers[id] = a
		}
		if err := s.save(p); err != nil {
			s.internalError(w, err)
			return
		}
		s.redirect(w, r, s.next(p, n))
		return
	}
	page := evidencePage{frame: s.participantFrame(r, p, dim.Name+": evidence", n, strconv.Itoa(n)+"/evidence"), Dimension: dim.Name}
	page.Progress = fmt.Sprintf("%s · %d of %d · evidence", dim.Name, n, len(s.q.Dimensions))
	page.Back, page.Submit = s.pagePath(p.id, strconv.Itoa(n)), "Next"
	for _, qu := range gates {
		a := p.draft.Answers[qu.ID]
		page.Notes = append(page.Notes, noteView{
			Anchor: "note-" + qu.ID, Field: notePrefix + qu.ID, Prompt: qu.Prompt,
			Answer: qu.Option(a.Level), Value: a.Note, MaxLength: maxNoteRunes,
		})
	}
	s.render(w, "evidence", page, http.StatusOK)
}

// finishPage is the last page: it sends a complete draft to be scored and
// saved, once.
func (s *Server) finishPage(w http.ResponseWriter, r *http.Request, p *participant, form url.Values) {
	page := finishPage{frame: s.participantFrame(r, p, "Send your answers", len(s.q.Dimensions)+1, "finish"), Total: len(s.q.Questions())}
	page.Progress = "Last page"
	page.Back = s.pagePath(p.id, strconv.Itoa(len(s.q.Dimensions)))
	for i := range s.q.Dimensions {
		open := 0
		for _, qu := range s.q.Dimensions[i].Questions {
			if _, ok := p.draft.Answers[qu.ID]; !ok {
				open++
			}
		}
		if open > 0 {
			page.Errors = append(page.Errors, pageError{
				Href: s.pagePath(p.id, strconv.Itoa(i+1)),
				Text: fmt.Sprintf("%s: %d open", s.q.Dimensions[i].Name, open),
			})
		}
	}
	page.Open = len(page.Errors) > 0
	if page.Open {
		page.ErrorTitle = "Questions still open"
	}
	if form != nil {
		if err := onlyFields(form, func(k string) bool { return k == fieldCSRF }); err != nil {
			http.Error(w, "The form holds fields this page does not have.", http.StatusBadRequest)
			return
		}
		if page.Open {
			s.render(w, "finish", page, http.StatusConflict)
			return
		}
		if err := s.finish(p); err != nil {
			s.internalError(w, err)
			return
		}
		s.changed()
		s.redirect(w, r, s.pagePath(p.id, "thanks"))
		return
	}
	s.render(w, "finish", page, http.StatusOK)
}

// thanks shows the end: the participant's level and a link to their own
// report.
func (s *Server) thanks(w http.ResponseWriter, p *participant) {
	page := thanksPage{frame: s.frame("Thank you", 0), Report: s.pagePath(p.id, "report")}
	page.Steps = 0
	if r, err := s.loadResult(p); err == nil {
		page.Name = r.Respondent.Name
		page.Level, page.LevelName, page.Meaning = r.Overall.Level, r.Overall.LevelName, r.Overall.Summary
		page.Index = strconv.FormatFloat(r.Overall.Index, 'f', -1, 64)
	}
	s.render(w, "thanks", page, http.StatusOK)
}

func (s *Server) loadResult(p *participant) (*result.Result, error) {
	if s.cfg.LoadResult == nil {
		return nil, errors.New("no result loader")
	}
	return s.cfg.LoadResult(filepath.Join(s.cfg.Dir, p.result))
}

// render executes a page into a buffer first, so a failure is a clean 500
// rather than half a page.
func (s *Server) render(w http.ResponseWriter, name string, data any, status int) {
	var buf bytes.Buffer
	if err := assets().pages.ExecuteTemplate(&buf, name, data); err != nil {
		s.internalError(w, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}
