package service

import (
	"bytes"
	"context"
	"sync"
	"time"
)

// Memory is a Store in a map, for tests and for running the service natively.
// The zero value is ready to use.
type Memory struct {
	mu      sync.Mutex
	reports map[string]memoryReport
}

type memoryReport struct {
	body      []byte
	tokenHash string
	created   time.Time
}

// Put implements Store.
func (m *Memory) Put(_ context.Context, id string, body []byte, tokenHash string, created time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.reports == nil {
		m.reports = make(map[string]memoryReport)
	}
	if _, ok := m.reports[id]; ok {
		return ErrExists
	}
	m.reports[id] = memoryReport{bytes.Clone(body), tokenHash, created}
	return nil
}

// Get implements Store.
func (m *Memory) Get(_ context.Context, id string) (*Object, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	r, ok := m.reports[id]
	if !ok {
		return nil, ErrNotFound
	}
	return &Object{Body: bytes.NewReader(r.body), Size: int64(len(r.body)), TokenHash: r.tokenHash, Created: r.created}, nil
}

// Delete implements Store.
func (m *Memory) Delete(_ context.Context, id string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.reports, id)
	return nil
}

// Len is the number of stored reports.
func (m *Memory) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.reports)
}
