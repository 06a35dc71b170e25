// Package service is the Dropsight share service: it stores static HTML
// reports behind unguessable links. It is plain net/http so that it builds and
// is tested natively; wasm/share wires it to Cloudflare R2 inside a Worker.
//
// The API:
//
//	POST   /api/reports        body: the report (Content-Type text/html)
//	                           201 {"id", "url", "deleteToken"}
//	GET    /r/{id}             the report, isolated by a sandboxing CSP
//	DELETE /api/reports/{id}   Authorization: Bearer <deleteToken>; 204
//
// There is no listing: a report is reachable only by its id.
package service

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// DefaultMaxBytes is the largest report accepted when Handler.MaxBytes is 0.
const DefaultMaxBytes = 25 << 20

// ReportCSP isolates a served report from every origin, the app's included:
// "sandbox" gives it an opaque origin with scripts, forms and popups off;
// default-src 'none' blocks every fetch, so a report cannot call home. The
// reports Dropsight writes need only inline styles and data: images.
const ReportCSP = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; " +
	"base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// APICSP is the policy of every other answer (JSON, the 404 page, empty
// answers): nothing in them needs to run, load or be framed.
const APICSP = "sandbox; default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; " +
	"form-action 'none'; frame-ancestors 'none'"

// Errors a Store returns.
var (
	ErrNotFound = errors.New("report not found")
	ErrExists   = errors.New("report id already taken")
)

// Object is a stored report.
type Object struct {
	// Body is the report's HTML. A Store may stream it.
	Body io.Reader
	// Size is the length of Body in bytes.
	Size int64
	// TokenHash is the hex SHA-256 of the report's delete token; the token
	// itself is never stored.
	TokenHash string
	// Created is when the report was published.
	Created time.Time
}

// Store keeps reports by id. R2 in the Worker; a map in tests.
type Store interface {
	// Put stores a new report. It returns ErrExists when id is taken (a Store
	// that cannot tell may overwrite: ids carry 128 random bits).
	Put(ctx context.Context, id string, body []byte, tokenHash string, created time.Time) error
	// Get returns the report, or ErrNotFound.
	Get(ctx context.Context, id string) (*Object, error)
	// Delete removes the report; deleting a missing id is not an error.
	Delete(ctx context.Context, id string) error
}

// idBytes is the randomness of an id: 128 bits, 22 characters of base64url.
const idBytes = 16

// tokenBytes is the randomness of a delete token: 256 bits, 43 characters.
const tokenBytes = 32

// idPattern is the only shape of id the service looks up: exactly what
// NewID makes, so "..", slashes, dots and percent signs never reach a Store.
var idPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{22}$`)

// tokenPattern is the shape of a delete token.
var tokenPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{43}$`)

// ValidID reports whether id has the shape of an id the service makes.
func ValidID(id string) bool { return idPattern.MatchString(id) }

// Handler serves the API. The zero value is not usable: Store is required.
type Handler struct {
	Store Store
	// MaxBytes limits a report's size; 0 means DefaultMaxBytes.
	MaxBytes int64
	// PublicURL is the origin links are made from (e.g.
	// "https://dropsight.example"); empty means the request's own origin.
	PublicURL string
	// Rand is the source of ids and tokens; nil means crypto/rand.
	Rand io.Reader
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Published is the answer to a publish.
type Published struct {
	ID          string `json:"id"`
	URL         string `json:"url"`
	DeleteToken string `json:"deleteToken"`
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	securityHeaders(w.Header())
	path := r.URL.Path
	switch {
	case path == "/api/reports":
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", "POST")
			apiError(w, http.StatusMethodNotAllowed, "use POST to publish; reports are not listed")
			return
		}
		h.publish(w, r)
	case strings.HasPrefix(path, "/api/reports/"):
		id := strings.TrimPrefix(path, "/api/reports/")
		if r.Method != http.MethodDelete {
			w.Header().Set("Allow", "DELETE")
			apiError(w, http.StatusMethodNotAllowed, "use DELETE with the report's delete token")
			return
		}
		h.remove(w, r, id)
	case strings.HasPrefix(path, "/r/"):
		id := strings.TrimPrefix(path, "/r/")
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			apiError(w, http.StatusMethodNotAllowed, "reports are read with GET")
			return
		}
		h.serveReport(w, r, id)
	case strings.HasPrefix(path, "/api/"):
		apiError(w, http.StatusNotFound, "no such API")
	default:
		notFound(w, r)
	}
}

func (h *Handler) maxBytes() int64 {
	if h.MaxBytes > 0 {
		return h.MaxBytes
	}
	return DefaultMaxBytes
}

func (h *Handler) publish(w http.ResponseWriter, r *http.Request) {
	contentType, _ := singleHeader(r, "Content-Type")
	media, _, err := mime.ParseMediaType(contentType)
	if err != nil || media != "text/html" {
		apiError(w, http.StatusUnsupportedMediaType, "a report must be sent as Content-Type: text/html")
		return
	}
	limit := h.maxBytes()
	if r.ContentLength > limit {
		apiError(w, http.StatusRequestEntityTooLarge, tooLarge(limit))
		return
	}
	// Read one byte past the limit to tell "exactly the limit" from "more".
	body, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	if err != nil {
		apiError(w, http.StatusBadRequest, "could not read the report: "+err.Error())
		return
	}
	if int64(len(body)) > limit {
		apiError(w, http.StatusRequestEntityTooLarge, tooLarge(limit))
		return
	}
	if len(body) == 0 {
		apiError(w, http.StatusBadRequest, "the report is empty")
		return
	}
	token, err := h.random(tokenBytes)
	if err != nil {
		apiError(w, http.StatusInternalServerError, "no randomness")
		return
	}
	now := time.Now
	if h.Now != nil {
		now = h.Now
	}
	// A taken id means a broken random source more than bad luck; a few
	// tries, then give up rather than loop.
	for range 3 {
		id, err := h.random(idBytes)
		if err != nil {
			apiError(w, http.StatusInternalServerError, "no randomness")
			return
		}
		err = h.Store.Put(r.Context(), id, body, HashToken(token), now().UTC())
		if errors.Is(err, ErrExists) {
			continue
		}
		if err != nil {
			apiError(w, http.StatusInternalServerError, "could not store the report: "+err.Error())
			return
		}
		out := Published{ID: id, URL: h.origin(r) + "/r/" + id, DeleteToken: token}
		w.Header().Set("Location", out.URL)
		writeJSON(w, http.StatusCreated, out)
		return
	}
	apiError(w, http.StatusInternalServerError, "could not find a free id")
}

func tooLarge(limit int64) string {
	return fmt.Sprintf("the report is larger than the limit of %d bytes", limit)
}

func (h *Handler) serveReport(w http.ResponseWriter, r *http.Request, id string) {
	if !ValidID(id) {
		notFound(w, r)
		return
	}
	obj, err := h.Store.Get(r.Context(), id)
	if errors.Is(err, ErrNotFound) {
		notFound(w, r)
		return
	}
	if err != nil {
		apiError(w, http.StatusInternalServerError, "could not read the report")
		return
	}
	hd := w.Header()
	hd.Set("Content-Security-Policy", ReportCSP)
	hd.Set("Content-Type", "text/html; charset=utf-8")
	// A report never changes: an id names one upload, and a new upload gets a
	// new id.
	hd.Set("Cache-Control", "public, max-age=31536000, immutable")
	if obj.Size > 0 {
		hd.Set("Content-Length", strconv.FormatInt(obj.Size, 10))
	}
	if !obj.Created.IsZero() {
		hd.Set("Last-Modified", obj.Created.UTC().Format(http.TimeFormat))
	}
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return
	}
	io.Copy(w, obj.Body)
}

func (h *Handler) remove(w http.ResponseWriter, r *http.Request, id string) {
	auth, ok := singleHeader(r, "Authorization")
	scheme, token, cut := strings.Cut(auth, " ")
	if !ok || !cut || !strings.EqualFold(scheme, "Bearer") || token == "" {
		w.Header().Set("WWW-Authenticate", `Bearer realm="dropsight"`)
		apiError(w, http.StatusUnauthorized, "send the delete token as Authorization: Bearer <token>")
		return
	}
	if !ValidID(id) {
		apiError(w, http.StatusNotFound, "no such report")
		return
	}
	obj, err := h.Store.Get(r.Context(), id)
	if errors.Is(err, ErrNotFound) {
		apiError(w, http.StatusNotFound, "no such report")
		return
	}
	if err != nil {
		apiError(w, http.StatusInternalServerError, "could not read the report")
		return
	}
	if c, ok := obj.Body.(io.Closer); ok {
		c.Close()
	}
	// Compare hashes of equal length in constant time; a token of the wrong
	// shape is hashed too, so its timing says nothing either.
	if !tokenPattern.MatchString(token) || subtle.ConstantTimeCompare([]byte(HashToken(token)), []byte(obj.TokenHash)) != 1 {
		apiError(w, http.StatusForbidden, "the delete token does not match this report")
		return
	}
	if err := h.Store.Delete(r.Context(), id); err != nil {
		apiError(w, http.StatusInternalServerError, "could not delete the report")
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// singleHeader is the value of a header sent exactly once. Two values are
// refused rather than one picked: "text/html, application/json" is not a
// report's type, and "Bearer <token>, <more>" is not a token. (The Worker's
// request adapter splits every header at commas, so a comma anywhere in these
// two headers shows up here as a second value.)
func singleHeader(r *http.Request, name string) (string, bool) {
	values := r.Header.Values(name)
	if len(values) != 1 {
		return "", false
	}
	return values[0], true
}

// HashToken is the stored form of a delete token: hex SHA-256.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

func (h *Handler) random(n int) (string, error) {
	src := h.Rand
	if src == nil {
		src = rand.Reader
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(src, b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// origin is where links point: PublicURL, else the request's own origin.
func (h *Handler) origin(r *http.Request) string {
	if h.PublicURL != "" {
		return strings.TrimRight(h.PublicURL, "/")
	}
	if r.URL.IsAbs() {
		return r.URL.Scheme + "://" + r.URL.Host
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// alwaysHeaders are on every answer of the service, errors and empty
// answers included: whatever a response holds, a browser neither sniffs it
// into another type, nor frames it, nor lets another origin embed it, nor
// sends the report's address on as a referrer, nor caches it (a found report
// replaces Content-Security-Policy with ReportCSP and Cache-Control with its
// own). There is deliberately no Access-Control-Allow-Origin: other sites'
// pages cannot publish, delete or read answers from a visitor's browser.
var alwaysHeaders = map[string]string{
	"Content-Security-Policy":      APICSP,
	"X-Content-Type-Options":       "nosniff",
	"X-Frame-Options":              "DENY",
	"Referrer-Policy":              "no-referrer",
	"Cross-Origin-Resource-Policy": "same-origin",
	"Cache-Control":                "no-store",
}

func securityHeaders(hd http.Header) {
	for k, v := range alwaysHeaders {
		hd.Set(k, v)
	}
}

const notFoundPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Report not found</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#222}</style>
</head><body><h1>Report not found</h1>
<p>There is no report at this address. It may have been deleted by the person who published it, or the link may be incomplete.</p>
</body></html>
`

func notFound(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	if r.Method != http.MethodHead {
		io.WriteString(w, notFoundPage)
	}
}

func apiError(w http.ResponseWriter, status int, message string) {
	writeJSON(w, status, map[string]string{"error": message})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
