package result

import (
	"bytes"
	"encoding/json"
	"strconv"
	"unicode/utf8"
)

// fastSummary decodes a Summary in one pass over the bytes, without the
// reflection and the second validation pass of encoding/json, which
// dominate when a workshop reads thousands of results. It is strict: it
// accepts only well-formed JSON, and anything it is unsure how
// encoding/json would decode (escapes in keys, keys differing only in case,
// nulls or fractions where it wants numbers or text) makes it give up, so
// the caller falls back to encoding/json for the same outcome and the same
// error messages. A fuzz test holds the two decoders to agreement.
func fastSummary(data []byte, s *Summary) bool {
	p := &parser{data: data}
	ok := p.object(func(key []byte) bool {
		switch {
		case p.is(key, "schema"):
			return p.str(&s.Schema)
		case p.is(key, "questionnaire"):
			q := &s.Questionnaire
			return p.object(func(k []byte) bool {
				switch {
				case p.is(k, "id"):
					return p.str(&q.ID)
				case p.is(k, "version"):
					return p.str(&q.Version)
				case p.is(k, "title"):
					return p.str(&q.Title)
				case p.is(k, "digest"):
					return p.str(&q.Digest)
				}
				return p.skip(k)
			})
		case p.is(key, "respondent"):
			r := &s.Respondent
			return p.object(func(k []byte) bool {
				switch {
				case p.is(k, "name"):
					return p.str(&r.Name)
				case p.is(k, "role"):
					return p.str(&r.Role)
				case p.is(k, "org"):
					return p.str(&r.Org)
				}
				return p.skip(k)
			})
		case p.is(key, "assessed_at"):
			var text string
			if !p.str(&text) {
				return false
			}
			return s.AssessedAt.UnmarshalText([]byte(text)) == nil
		case p.is(key, "answers"):
			s.Answers = make([]struct {
				Question string `json:"question"`
				Status   string `json:"status"`
				Level    int    `json:"level"`
			}, 0, 32)
			return p.array(func() bool {
				var a struct {
					Question string `json:"question"`
					Status   string `json:"status"`
					Level    int    `json:"level"`
				}
				ok := p.object(func(k []byte) bool {
					switch {
					case p.is(k, "question"):
						return p.str(&a.Question)
					case p.is(k, "status"):
						return p.str(&a.Status)
					case p.is(k, "level"):
						return p.int(&a.Level)
					}
					return p.skip(k)
				})
				s.Answers = append(s.Answers, a)
				return ok
			})
		case p.is(key, "dimensions"):
			s.Dimensions = s.Dimensions[:0]
			return p.array(func() bool {
				var d struct {
					ID    string  `json:"id"`
					Score float64 `json:"score"`
				}
				ok := p.object(func(k []byte) bool {
					switch {
					case p.is(k, "id"):
						return p.str(&d.ID)
					case p.is(k, "score"):
						return p.float(&d.Score)
					}
					return p.skip(k)
				})
				s.Dimensions = append(s.Dimensions, d)
				return ok
			})
		case p.is(key, "overall"):
			o := &s.Overall
			return p.object(func(k []byte) bool {
				switch {
				case p.is(k, "level"):
					return p.int(&o.Level)
				case p.is(k, "level_name"):
					return p.str(&o.LevelName)
				case p.is(k, "index"):
					return p.float(&o.Index)
				}
				return p.skip(k)
			})
		}
		return p.skip(key)
	})
	if !ok {
		return false
	}
	p.ws()
	return p.pos == len(p.data)
}

// parser is a strict, minimal JSON reader over a byte slice.
type parser struct {
	data  []byte
	pos   int
	depth int
	bad   bool // a key matched a wanted name only when case is ignored
}

const maxNesting = 64

func (p *parser) ws() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

func (p *parser) peek() byte {
	p.ws()
	if p.pos < len(p.data) {
		return p.data[p.pos]
	}
	return 0
}

func (p *parser) consume(c byte) bool {
	if p.peek() == c {
		p.pos++
		return true
	}
	return false
}

// is reports whether key is name. encoding/json also matches keys that
// differ only in case; such a key makes the fast path give up.
func (p *parser) is(key []byte, name string) bool {
	if string(key) == name {
		return true
	}
	if bytes.EqualFold(key, []byte(name)) {
		p.bad = true
	}
	return false
}

// skip skips the value of a key that is not wanted.
func (p *parser) skip(key []byte) bool {
	return !p.bad && p.value()
}

// object calls field for each key, with the parser at the key's value.
func (p *parser) object(field func(key []byte) bool) bool {
	if !p.consume('{') {
		return false
	}
	p.depth++
	if p.depth > maxNesting {
		return false
	}
	if p.consume('}') {
		p.depth--
		return true
	}
	for {
		start := p.pos
		if p.peek() != '"' || !p.skipString() {
			return false
		}
		p.ws()
		key := p.data[start:p.pos]
		key = bytes.TrimLeft(key, " \t\r\n")
		key = key[1 : len(key)-1]
		if bytes.IndexByte(key, '\\') >= 0 || !p.consume(':') {
			return false
		}
		if !field(key) || p.bad {
			return false
		}
		if p.consume(',') {
			continue
		}
		if p.consume('}') {
			p.depth--
			return true
		}
		return false
	}
}

// array calls item for each element, with the parser at the element.
func (p *parser) array(item func() bool) bool {
	if !p.consume('[') {
		return false
	}
	p.depth++
	if p.depth > maxNesting {
		return false
	}
	if p.consume(']') {
		p.depth--
		return true
	}
	for {
		if !item() {
			return false
		}
		if p.consume(',') {
			continue
		}
		if p.consume(']') {
			p.depth--
			return true
		}
		return false
	}
}

// value skips any JSON value, checking that it is well formed.
func (p *parser) value() bool {
	switch c := p.peek(); {
	case c == '{':
		return p.object(func([]byte) bool { return p.value() })
	case c == '[':
		return p.array(p.value)
	case c == '"':
		return p.skipString()
	case c == 't':
		return p.literal("true")
	case c == 'f':
		return p.literal("false")
	case c == 'n':
		return p.literal("null")
	case c == '-' || (c >= '0' && c <= '9'):
		_, ok := p.number()
		return ok
	}
	return false
}

func (p *parser) literal(word string) bool {
	if bytes.HasPrefix(p.data[p.pos:], []byte(word)) {
		p.pos += len(word)
		return true
	}
	return false
}

// special marks the bytes a string scan must stop at: the closing quote,
// an escape, and control characters (not allowed raw in JSON strings).
var special = func() (t [256]bool) {
	for c := range 0x20 {
		t[c] = true
	}
	t['"'], t['\\'] = true, true
	return t
}()

// skipString moves past a string at pos, checking its escapes and that it
// holds no control characters.
func (p *parser) skipString() bool {
	d := p.data
	i := p.pos + 1 // past the opening quote
	for {
		for i < len(d) && !special[d[i]] {
			i++
		}
		if i >= len(d) {
			return false
		}
		switch d[i] {
		case '"':
			p.pos = i + 1
			return true
		case '\\':
			if i+1 >= len(d) {
				return false
			}
			switch d[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if i+6 > len(d) {
					return false
				}
				for _, h := range d[i+2 : i+6] {
					if !isHex(h) {
						return false
					}
				}
				i += 6
			default:
				return false
			}
		default: // a control character
			return false
		}
	}
}

func isHex(c byte) bool {
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

// str decodes a string value. Plain ASCII is taken as it is; anything with
// escapes or other bytes goes through encoding/json, so the text is exactly
// what it would decode to.
func (p *parser) str(dst *string) bool {
	if p.peek() != '"' {
		return false
	}
	start := p.pos
	if !p.skipString() {
		return false
	}
	raw := p.data[start:p.pos]
	inner := raw[1 : len(raw)-1]
	plain := bytes.IndexByte(inner, '\\') < 0
	for _, c := range inner {
		if c >= utf8.RuneSelf {
			plain = false
			break
		}
	}
	if plain {
		*dst = string(inner)
		return true
	}
	return json.Unmarshal(raw, dst) == nil
}

// number moves past a number at pos, following the JSON grammar exactly,
// and returns its text.
func (p *parser) number() ([]byte, bool) {
	start := p.pos
	d := p.data
	i := p.pos
	if i < len(d) && d[i] == '-' {
		i++
	}
	switch {
	case i < len(d) && d[i] == '0':
		i++
	case i < len(d) && d[i] >= '1' && d[i] <= '9':
		for i < len(d) && d[i] >= '0' && d[i] <= '9' {
			i++
		}
	default:
		return nil, false
	}
	if i < len(d) && d[i] == '.' {
		i++
		if i >= len(d) || d[i] < '0' || d[i] > '9' {
			return nil, false
		}
		for i < len(d) && d[i] >= '0' && d[i] <= '9' {
			i++
		}
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		if i >= len(d) || d[i] < '0' || d[i] > '9' {
			return nil, false
		}
		for i < len(d) && d[i] >= '0' && d[i] <= '9' {
			i++
		}
	}
	p.pos = i
	return d[start:i], true
}

func (p *parser) int(dst *int) bool {
	if c := p.peek(); c != '-' && (c < '0' || c > '9') {
		return false
	}
	text, ok := p.number()
	if !ok {
		return false
	}
	v, err := strconv.ParseInt(string(text), 10, 0)
	if err != nil {
		return false
	}
	*dst = int(v)
	return true
}

func (p *parser) float(dst *float64) bool {
	if c := p.peek(); c != '-' && (c < '0' || c > '9') {
		return false
	}
	text, ok := p.number()
	if !ok {
		return false
	}
	v, err := strconv.ParseFloat(string(text), 64)
	if err != nil {
		return false
	}
	*dst = v
	return true
}
