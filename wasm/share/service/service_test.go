package service

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

const report = `<!doctype html><html><head><title>r</title></head><body><p>12,347 tweets</p></body></html>`

func newServer(t *testing.T, h *Handler) (*httptest.Server, *Memory) {
	t.Helper()
	mem := &Memory{}
	if h == nil {
		h = &Handler{}
	}
	h.Store = mem
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv, mem
}

func do(t *testing.T, method, url, contentType, auth string, body io.Reader) *http.Response {
	t.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { res.Body.Close() })
	return res
}

func publish(t *testing.T, base, body string) Published {
	t.Helper()
	res := do(t, "POST", base+"/api/reports", "text/html; charset=utf-8", "", strings.NewReader(body))
	if res.StatusCode != http.StatusCreated {
		b, _ := io.ReadAll(res.Body)
		t.Fatalf("publish: %d %s", res.StatusCode, b)
	}
	var p Published
	if err := json.NewDecoder(res.Body).Decode(&p); err != nil {
		t.Fatal(err)
	}
	return p
}

func readAll(t *testing.T, res *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestPublishFetchDelete(t *testing.T) {
	srv, mem := newServer(t, nil)
	p := publish(t, srv.URL, report)
	if !ValidID(p.ID) {
		t.Fatalf("id %q has not the id shape", p.ID)
	}
	if p.URL != srv.URL+"/r/"+p.ID {
		t.Errorf("url = %q, want %q", p.URL, srv.URL+"/r/"+p.ID)
	}
	if len(p.DeleteToken) != 43 {
		t.Errorf("token %q: want 43 characters (256 bits)", p.DeleteToken)
	}

	res := do(t, "GET", p.URL, "", "", nil)
	if res.StatusCode != 200 {
		t.Fatalf("GET: %d", res.StatusCode)
	}
	if got := readAll(t, res); got != report {
		t.Errorf("body = %q", got)
	}
	want := map[string]string{
		"Content-Type":            "text/html; charset=utf-8",
		"Content-Security-Policy": ReportCSP,
		"X-Content-Type-Options":  "nosniff",
		"Referrer-Policy":         "no-referrer",
		"Cache-Control":           "public, max-age=31536000, immutable",
	}
	for k, v := range want {
		if got := res.Header.Get(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	for _, part := range []string{"sandbox", "default-src 'none'", "style-src 'unsafe-inline'", "img-src data:"} {
		if !strings.Contains(res.Header.Get("Content-Security-Policy"), part) {
			t.Errorf("CSP lacks %q", part)
		}
	}

	// The token is stored hashed, never as sent.
	obj, err := mem.Get(t.Context(), p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if obj.TokenHash == p.DeleteToken || obj.TokenHash != HashToken(p.DeleteToken) || len(obj.TokenHash) != 64 {
		t.Errorf("stored token hash %q", obj.TokenHash)
	}

	res = do(t, "DELETE", srv.URL+"/api/reports/"+p.ID, "", "Bearer "+p.DeleteToken, nil)
	if res.StatusCode != http.StatusNoContent {
		t.Fatalf("DELETE: %d %s", res.StatusCode, readAll(t, res))
	}
	if mem.Len() != 0 {
		t.Errorf("%d reports left after delete", mem.Len())
	}
	res = do(t, "GET", p.URL, "", "", nil)
	if res.StatusCode != 404 {
		t.Errorf("GET after delete: %d", res.StatusCode)
	}
	res = do(t, "DELETE", srv.URL+"/api/reports/"+p.ID, "", "Bearer "+p.DeleteToken, nil)
	if res.StatusCode != 404 {
		t.Errorf("second DELETE: %d", res.StatusCode)
	}
}

func TestDeleteNeedsTheToken(t *testing.T) {
	srv, mem := newServer(t, nil)
	p := publish(t, srv.URL, report)
	other := publish(t, srv.URL, report)
	url := srv.URL + "/api/reports/" + p.ID
	for _, tc := range []struct {
		name, auth string
		status     int
	}{
		{"missing", "", 401},
		{"not bearer", "Basic " + p.DeleteToken, 401},
		{"empty bearer", "Bearer ", 401},
		{"wrong token", "Bearer " + strings.Repeat("A", 43), 403},
		{"another report's token", "Bearer " + other.DeleteToken, 403},
		{"token with a suffix", "Bearer " + p.DeleteToken + "x", 403},
		{"the stored hash", "Bearer " + HashToken(p.DeleteToken), 403},
	} {
		res := do(t, "DELETE", url, "", tc.auth, nil)
		if res.StatusCode != tc.status {
			t.Errorf("%s: status %d, want %d", tc.name, res.StatusCode, tc.status)
		}
		if tc.status == 401 && !strings.HasPrefix(res.Header.Get("WWW-Authenticate"), "Bearer") {
			t.Errorf("%s: no WWW-Authenticate", tc.name)
		}
	}
	// The token twice, or the header twice: not one token.
	for _, auth := range [][]string{
		{"Bearer " + p.DeleteToken, "Bearer " + p.DeleteToken},
		{"Bearer " + other.DeleteToken, "Bearer " + p.DeleteToken},
	} {
		req, _ := http.NewRequest("DELETE", url, nil)
		req.Header["Authorization"] = auth
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 401 {
			t.Errorf("Authorization sent twice %q: status %d, want 401", auth, res.StatusCode)
		}
	}
	if mem.Len() != 2 {
		t.Fatalf("reports deleted without the token: %d left", mem.Len())
	}
}

func TestPublishRejects(t *testing.T) {
	srv, mem := newServer(t, &Handler{MaxBytes: 1000})
	exact := strings.Repeat("a", 1000)
	for _, tc := range []struct {
		name, contentType, body string
		status                  int
	}{
		{"exactly the limit", "text/html", exact, 201},
		{"one byte over", "text/html", exact + "a", 413},
		{"far over", "text/html", strings.Repeat("a", 100_000), 413},
		{"json", "application/json", `{"a":1}`, 415},
		{"no content type", "", report, 415},
		{"svg", "image/svg+xml", "<svg/>", 415},
		{"html-ish", "text/htmlx", report, 415},
		{"empty", "text/html", "", 400},
		{"two types in one header", "text/html, application/json", report, 415},
		{"a trailing comma", "text/html,", report, 415},
	} {
		res := do(t, "POST", srv.URL+"/api/reports", tc.contentType, "", strings.NewReader(tc.body))
		if res.StatusCode != tc.status {
			t.Errorf("%s: status %d, want %d", tc.name, res.StatusCode, tc.status)
		}
		if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Errorf("%s: content type %q", tc.name, ct)
		}
	}
	if mem.Len() != 1 {
		t.Errorf("stored %d reports, want 1", mem.Len())
	}
}

// A body with no Content-Length (chunked) is cut at the limit as it is read.
func TestPublishChunkedOversize(t *testing.T) {
	srv, mem := newServer(t, &Handler{MaxBytes: 1 << 10})
	pr, pw := io.Pipe()
	go func() {
		pw.Write(bytes.Repeat([]byte("x"), 4<<10))
		pw.Close()
	}()
	res := do(t, "POST", srv.URL+"/api/reports", "text/html", "", pr)
	if res.StatusCode != 413 {
		t.Errorf("status %d, want 413", res.StatusCode)
	}
	if mem.Len() != 0 {
		t.Errorf("an oversize report was stored")
	}
}

// Content-Type sent twice is refused, not the first one picked.
func TestPublishTwoContentTypes(t *testing.T) {
	srv, mem := newServer(t, nil)
	req, _ := http.NewRequest("POST", srv.URL+"/api/reports", strings.NewReader(report))
	req.Header["Content-Type"] = []string{"text/html", "application/json"}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 415 || mem.Len() != 0 {
		t.Errorf("status %d, %d stored; want 415, none", res.StatusCode, mem.Len())
	}
}

// A declared length over the limit is refused from the header, without
// waiting for a body that may never come.
func TestPublishDeclaredOversize(t *testing.T) {
	srv, mem := newServer(t, &Handler{MaxBytes: 1000})
	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /api/reports HTTP/1.1\r\nHost: x\r\nContent-Type: text/html\r\nContent-Length: 30000000\r\n\r\n<p>")
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("no answer while the body is held back: %v", err)
	}
	if res.StatusCode != 413 || mem.Len() != 0 {
		t.Errorf("status %d, %d stored; want 413, none", res.StatusCode, mem.Len())
	}
}

func TestDefaultLimit(t *testing.T) {
	srv, _ := newServer(t, nil)
	res := do(t, "POST", srv.URL+"/api/reports", "text/html", "", bytes.NewReader(make([]byte, DefaultMaxBytes+1)))
	if res.StatusCode != 413 {
		t.Errorf("25 MB + 1 byte: status %d, want 413", res.StatusCode)
	}
}

func TestUnknownAndMalformedIDs(t *testing.T) {
	srv, _ := newServer(t, nil)
	p := publish(t, srv.URL, report)
	for _, path := range []string{
		"/r/" + strings.Repeat("A", 22),
		"/r/",
		"/r/abc",
		"/r/" + p.ID + "x",
		"/r/" + p.ID + "/",
		"/r/" + p.ID[:21] + ".",
		"/r/..%2F..%2Fetc%2Fpasswd",
		"/r/%2e%2e%2f" + p.ID[:13],
		"/r/" + p.ID[:20] + "%00",
		"/r/.." + p.ID[:20],
		"/nothing-here",
	} {
		res := do(t, "GET", srv.URL+path, "", "", nil)
		if res.StatusCode != 404 {
			t.Errorf("GET %s: status %d, want 404", path, res.StatusCode)
			continue
		}
		body := readAll(t, res)
		if !strings.Contains(body, "Report not found") || strings.Contains(body, report) {
			t.Errorf("GET %s: not the 404 page: %q", path, body)
		}
		if res.Header.Get("Content-Security-Policy") != APICSP || res.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("GET %s: headers %v", path, res.Header)
		}
	}
	res := do(t, "DELETE", srv.URL+"/api/reports/..%2F"+p.ID[:19], "", "Bearer "+p.DeleteToken, nil)
	if res.StatusCode != 404 {
		t.Errorf("DELETE traversal: %d", res.StatusCode)
	}
}

func TestNoListing(t *testing.T) {
	srv, _ := newServer(t, nil)
	publish(t, srv.URL, report)
	for _, path := range []string{"/api/reports", "/api/reports/", "/r/", "/api/"} {
		res := do(t, "GET", srv.URL+path, "", "", nil)
		body := readAll(t, res)
		if res.StatusCode < 400 || strings.Contains(body, "12,347") {
			t.Errorf("GET %s: %d %q", path, res.StatusCode, body)
		}
	}
}

func TestConcurrentPublishes(t *testing.T) {
	srv, mem := newServer(t, nil)
	const n = 32
	var wg sync.WaitGroup
	got := make([]Published, n)
	for i := range n {
		wg.Go(func() { got[i] = publish(t, srv.URL, fmt.Sprintf("<p>report %d</p>", i)) })
	}
	wg.Wait()
	ids := map[string]bool{}
	for i, p := range got {
		if ids[p.ID] {
			t.Fatalf("id %s given twice", p.ID)
		}
		ids[p.ID] = true
		if body := readAll(t, do(t, "GET", p.URL, "", "", nil)); body != fmt.Sprintf("<p>report %d</p>", i) {
			t.Errorf("report %d reads %q", i, body)
		}
	}
	if mem.Len() != n {
		t.Errorf("%d stored, want %d", mem.Len(), n)
	}
}

// A repeating random source makes the second id collide; the handler draws
// again rather than overwrite the first report.
func TestCollisionDrawsAgain(t *testing.T) {
	src := &cycle{}
	srv, mem := newServer(t, &Handler{Rand: src})
	a := publish(t, srv.URL, "<p>a</p>")
	b := publish(t, srv.URL, "<p>b</p>")
	if a.ID == b.ID || mem.Len() != 2 {
		t.Fatalf("ids %s %s, %d stored", a.ID, b.ID, mem.Len())
	}
}

// cycle yields 0, 1, 2, ... per read, restarting at each token draw, so that
// every publish draws the same token and first id.
type cycle struct{ n byte }

func (c *cycle) Read(p []byte) (int, error) {
	if len(p) == tokenBytes {
		c.n = 0
	}
	c.n++
	for i := range p {
		p[i] = c.n
	}
	return len(p), nil
}

func TestPublicURL(t *testing.T) {
	srv, _ := newServer(t, &Handler{PublicURL: "https://share.example/"})
	p := publish(t, srv.URL, report)
	if p.URL != "https://share.example/r/"+p.ID {
		t.Errorf("url %q", p.URL)
	}
}

func TestMethods(t *testing.T) {
	srv, _ := newServer(t, nil)
	p := publish(t, srv.URL, report)
	for _, tc := range []struct{ method, path string }{
		{"PUT", "/api/reports"},
		{"POST", "/r/" + p.ID},
		{"GET", "/api/reports/" + p.ID},
	} {
		res := do(t, tc.method, srv.URL+tc.path, "text/html", "", strings.NewReader(report))
		if res.StatusCode != 405 || res.Header.Get("Allow") == "" {
			t.Errorf("%s %s: %d", tc.method, tc.path, res.StatusCode)
		}
	}
	res := do(t, "HEAD", p.URL, "", "", nil)
	if res.StatusCode != 200 || res.Header.Get("Content-Security-Policy") != ReportCSP {
		t.Errorf("HEAD: %d", res.StatusCode)
	}
}

// Every kind of answer carries alwaysHeaders and no cookie or CORS grant;
// a found report differs only in its CSP and caching.
func TestSecurityHeadersOnEveryAnswer(t *testing.T) {
	srv, _ := newServer(t, &Handler{MaxBytes: 100})
	p := publish(t, srv.URL, "<p>r</p>")
	other := publish(t, srv.URL, "<p>o</p>")
	for _, tc := range []struct {
		method, path, contentType, auth, body string
		status                                int
	}{
		{"POST", "/api/reports", "text/html", "", "<p>x</p>", 201},
		{"GET", "/r/" + p.ID, "", "", "", 200},
		{"HEAD", "/r/" + p.ID, "", "", "", 200},
		{"POST", "/api/reports", "text/html", "", "", 400},
		{"DELETE", "/api/reports/" + p.ID, "", "", "", 401},
		{"DELETE", "/api/reports/" + p.ID, "", "Bearer " + other.DeleteToken, "", 403},
		{"GET", "/r/" + strings.Repeat("Z", 22), "", "", "", 404},
		{"HEAD", "/r/nope", "", "", "", 404},
		{"DELETE", "/api/reports/" + strings.Repeat("Z", 22), "", "Bearer " + p.DeleteToken, "", 404},
		{"GET", "/api/other", "", "", "", 404},
		{"GET", "/api/reports", "", "", "", 405},
		{"OPTIONS", "/api/reports", "", "", "", 405},
		{"POST", "/api/reports", "text/html", "", strings.Repeat("a", 101), 413},
		{"POST", "/api/reports", "text/plain", "", "<p>x</p>", 415},
		{"DELETE", "/api/reports/" + p.ID, "", "Bearer " + p.DeleteToken, "", 204},
	} {
		name := tc.method + " " + tc.path
		res := do(t, tc.method, srv.URL+tc.path, tc.contentType, tc.auth, strings.NewReader(tc.body))
		if res.StatusCode != tc.status {
			t.Errorf("%s: status %d, want %d", name, res.StatusCode, tc.status)
		}
		for k, want := range alwaysHeaders {
			if res.StatusCode == 200 && k == "Content-Security-Policy" {
				want = ReportCSP
			}
			if res.StatusCode == 200 && k == "Cache-Control" {
				want = "public, max-age=31536000, immutable"
			}
			if got := res.Header.Get(k); got != want {
				t.Errorf("%s: %s = %q, want %q", name, k, got, want)
			}
		}
		for _, k := range []string{"Set-Cookie", "Access-Control-Allow-Origin", "Access-Control-Allow-Methods"} {
			if v := res.Header.Get(k); v != "" {
				t.Errorf("%s: %s = %q", name, k, v)
			}
		}
		if tc.status != 204 && res.Header.Get("Content-Type") == "" {
			t.Errorf("%s: no Content-Type", name)
		}
	}
}
