package collect

import (
	"io"
	"log"
	"net/http"
	"time"
)

// Timeouts bound how long one client may hold the server. A slow client
// (or a "slow loris" sending its headers a byte at a time) is cut off
// instead of holding a connection open.
type Timeouts struct {
	ReadHeader, Read, Write, Idle time.Duration
}

// DefaultTimeouts suit people on a room's Wi-Fi: generous for a phone,
// short for anything that dawdles on purpose.
var DefaultTimeouts = Timeouts{ReadHeader: 5 * time.Second, Read: 20 * time.Second, Write: 30 * time.Second, Idle: 60 * time.Second}

// MaxHeaderBytes bounds a request's headers.
const MaxHeaderBytes = 16 << 10

// NewHTTPServer wraps a handler in an http.Server with every timeout set
// and its error log discarded: TLS handshake noise from a room's devices
// is not the facilitator's business, and answers are never logged.
func NewHTTPServer(h http.Handler, t Timeouts) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: t.ReadHeader,
		ReadTimeout:       t.Read,
		WriteTimeout:      t.Write,
		IdleTimeout:       t.Idle,
		MaxHeaderBytes:    MaxHeaderBytes,
		ErrorLog:          log.New(io.Discard, "", 0),
	}
}
