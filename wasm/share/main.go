//go:build js && wasm

// Command share is the Dropsight share service as a Cloudflare Worker (see
// wasm/share/service for the API). Static files of the app are Worker assets
// and never reach this code: wrangler serves them first, and only requests
// no asset matches (/api/..., /r/...) run the Worker. Reports live in the R2
// bucket bound as REPORTS.
//
// Build: build/share.sh (workers-assets-gen -mode=go, then GOOS=js GOARCH=wasm).
package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strconv"
	"syscall/js"
	"time"

	"github.com/syumai/workers"
	"github.com/syumai/workers/cloudflare"
	"github.com/syumai/workers/cloudflare/r2"

	"dropsight/wasm/share/service"
)

// bucketBinding is the R2 binding's name in wrangler.jsonc.
const bucketBinding = "REPORTS"

// Custom metadata keys of a stored report.
const (
	metaTokenHash = "tokenSha256"
	metaCreated   = "created"
)

// r2Store keeps reports in R2, one object per id under "reports/".
type r2Store struct{}

func (r2Store) bucket() (*r2.Bucket, error) {
	return r2.NewBucket(bucketBinding)
}

func key(id string) string { return "reports/" + id }

func (s r2Store) Put(_ context.Context, id string, body []byte, tokenHash string, created time.Time) error {
	b, err := s.bucket()
	if err != nil {
		return err
	}
	// R2's put has no "only if absent" in this binding: look first. With 128
	// random bits the race this leaves is not a practical one.
	if obj, err := b.Head(key(id)); err != nil {
		return err
	} else if obj != nil {
		return service.ErrExists
	}
	_, err = b.Put(key(id), io.NopCloser(bytes.NewReader(body)), &r2.PutOptions{
		HTTPMetadata: r2.HTTPMetadata{ContentType: "text/html; charset=utf-8"},
		CustomMetadata: map[string]string{
			metaTokenHash: tokenHash,
			metaCreated:   strconv.FormatInt(created.Unix(), 10),
		},
	})
	return err
}

func (s r2Store) Get(_ context.Context, id string) (*service.Object, error) {
	b, err := s.bucket()
	if err != nil {
		return nil, err
	}
	obj, err := b.Get(key(id))
	if err != nil {
		return nil, err
	}
	if obj == nil {
		return nil, service.ErrNotFound
	}
	out := &service.Object{Body: obj.Body, Size: int64(obj.Size), TokenHash: obj.CustomMetadata[metaTokenHash], Created: obj.Uploaded}
	if sec, err := strconv.ParseInt(obj.CustomMetadata[metaCreated], 10, 64); err == nil {
		out.Created = time.Unix(sec, 0)
	}
	if out.TokenHash == "" {
		return nil, fmt.Errorf("report %s has no token hash", id)
	}
	return out, nil
}

func (s r2Store) Delete(_ context.Context, id string) error {
	b, err := s.bucket()
	if err != nil {
		return err
	}
	return b.Delete(key(id))
}

func main() {
	h := &service.Handler{Store: r2Store{}, PublicURL: env("PUBLIC_URL")}
	if v, err := strconv.ParseInt(env("MAX_REPORT_BYTES"), 10, 64); err == nil && v > 0 {
		h.MaxBytes = v
	}
	workers.Serve(h)
}

// env is a string variable from wrangler.jsonc's "vars", or "" when unset.
func env(name string) string {
	v := cloudflare.GetBinding(name)
	if v.Type() != js.TypeString {
		return ""
	}
	return v.String()
}
