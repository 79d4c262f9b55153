/*
 * militnet's graph kernels in C: Brandes betweenness and the steps of
 * networkx's Louvain, the same algorithms as the numba kernels of
 * militnet/_engine/kernels.py (whose docstring explains them), with the same
 * floating-point operations in the same order, so the same bits.
 *
 * Built by hatch_build.py when a C compiler is present (an optional
 * extension: without it the numba kernels run). Compiled without fast-math
 * and with -ffp-contract=off, so that no multiply-add is fused: IEEE double
 * arithmetic, operation for operation, as numba's and CPython's.
 *
 * The functions take numpy arrays through the buffer protocol (1-d,
 * C-contiguous, int64 or float64), write into output arrays the caller
 * allocated (militnet._engine.kernels wraps them with the numba kernels'
 * signatures), check every index before using it, and release the GIL while
 * they compute.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    Py_buffer view;
    int held;
} arg_t;

/* 'i' for int64, 'd' for float64: what a buffer holds, or 0. */
static char kind_of(const Py_buffer *b)
{
    const char *f = b->format;
    if (f == NULL || b->itemsize != 8) return 0;
    if (*f == '<' || *f == '=' || *f == '@') f++;
    if (f[0] == '\0' || f[1] != '\0') return 0;
    if (f[0] == 'q' || f[0] == 'l') return 'i';
    if (f[0] == 'd') return 'd';
    return 0;
}

static int take(PyObject *obj, arg_t *a, char kind, int writable, const char *name)
{
    int flags = PyBUF_C_CONTIGUOUS | PyBUF_FORMAT | (writable ? PyBUF_WRITABLE : 0);
    if (PyObject_GetBuffer(obj, &a->view, flags) < 0) return -1;
    a->held = 1;
    if (a->view.ndim != 1 || kind_of(&a->view) != kind) {
        PyErr_Format(PyExc_TypeError, "%s: expected a contiguous 1-d array of %s", name,
                     kind == 'i' ? "int64" : "float64");
        return -1;
    }
    return 0;
}

static void release(arg_t *args, int n)
{
    for (int i = 0; i < n; i++)
        if (args[i].held) {
            PyBuffer_Release(&args[i].view);
            args[i].held = 0;
        }
}

#define LEN(a) ((a).view.len / 8)
#define I64(a) ((int64_t *)(a).view.buf)
#define F64(a) ((double *)(a).view.buf)

/* A compressed-sparse-rows graph: indptr[0] == 0, non-decreasing, ending at
 * len(indices); every neighbour a node position. */
static int check_csr(arg_t *indptr, arg_t *indices, int64_t *n_out)
{
    Py_ssize_t np1 = LEN(*indptr);
    if (np1 < 1) {
        PyErr_SetString(PyExc_ValueError, "indptr: empty");
        return -1;
    }
    int64_t n = (int64_t)np1 - 1;
    const int64_t *ptr = I64(*indptr);
    const int64_t *idx = I64(*indices);
    if (ptr[0] != 0 || ptr[n] != (int64_t)LEN(*indices)) {
        PyErr_SetString(PyExc_ValueError, "indptr: does not span indices");
        return -1;
    }
    for (int64_t v = 0; v < n; v++)
        if (ptr[v + 1] < ptr[v]) {
            PyErr_SetString(PyExc_ValueError, "indptr: decreasing");
            return -1;
        }
    for (Py_ssize_t p = 0; p < LEN(*indices); p++)
        if (idx[p] < 0 || idx[p] >= n) {
            PyErr_SetString(PyExc_ValueError, "indices: a node out of range");
            return -1;
        }
    *n_out = n;
    return 0;
}

static int check_nodes(arg_t *a, int64_t n, const char *name)
{
    const int64_t *x = I64(*a);
    for (Py_ssize_t i = 0; i < LEN(*a); i++)
        if (x[i] < 0 || x[i] >= n) {
            PyErr_Format(PyExc_ValueError, "%s: a node out of range", name);
            return -1;
        }
    return 0;
}

static int check_len(arg_t *a, Py_ssize_t n, const char *name)
{
    if (LEN(*a) != n) {
        PyErr_Format(PyExc_ValueError, "%s: expected %zd values, got %zd", name, n, LEN(*a));
        return -1;
    }
    return 0;
}

/* betweenness(indptr, indices, sources, out): out[w] = the sum over the
 * sources of Brandes' dependencies of w (ordered pairs), with networkx's
 * operations in networkx's order (as kernels._k_betweenness). */
static PyObject *betweenness(PyObject *self, PyObject *args)
{
    PyObject *o[4];
    arg_t a[4];
    memset(a, 0, sizeof a);
    if (!PyArg_ParseTuple(args, "OOOO", &o[0], &o[1], &o[2], &o[3])) return NULL;
    int64_t n = 0;
    if (take(o[0], &a[0], 'i', 0, "indptr") || take(o[1], &a[1], 'i', 0, "indices") ||
        take(o[2], &a[2], 'i', 0, "sources") || take(o[3], &a[3], 'd', 1, "out") ||
        check_csr(&a[0], &a[1], &n) || check_nodes(&a[2], n, "sources") ||
        check_len(&a[3], n, "out")) {
        release(a, 4);
        return NULL;
    }
    const int64_t *indptr = I64(a[0]), *indices = I64(a[1]), *sources = I64(a[2]);
    double *bc = F64(a[3]);
    Py_ssize_t m = LEN(a[1]), ns_total = LEN(a[2]);
    size_t nn = (size_t)(n > 0 ? n : 1), mm = (size_t)(m > 0 ? m : 1);
    double *sigma = calloc(nn, sizeof(double));
    double *delta = calloc(nn, sizeof(double));
    int64_t *dist = malloc(nn * sizeof(int64_t));
    int64_t *order = malloc(nn * sizeof(int64_t));
    int64_t *first = malloc(nn * sizeof(int64_t));
    int64_t *pred = malloc(mm * sizeof(int64_t));
    int64_t *nxt = malloc(mm * sizeof(int64_t));
    if (!sigma || !delta || !dist || !order || !first || !pred || !nxt) {
        free(sigma), free(delta), free(dist), free(order), free(first), free(pred), free(nxt);
        release(a, 4);
        return PyErr_NoMemory();
    }
    Py_BEGIN_ALLOW_THREADS
    for (int64_t v = 0; v < n; v++) {
        bc[v] = 0.0;
        dist[v] = -1;
    }
    for (Py_ssize_t si = 0; si < ns_total; si++) {
        int64_t s = sources[si];
        sigma[s] = 1.0;
        dist[s] = 0;
        first[s] = -1;
        order[0] = s;
        int64_t head = 0, tail = 1, ns = 0;
        while (head < tail) {
            int64_t v = order[head++];
            int64_t dv = dist[v] + 1;
            double sv = sigma[v];
            for (int64_t p = indptr[v]; p < indptr[v + 1]; p++) {
                int64_t w = indices[p];
                int64_t dw = dist[w];
                if (dw < 0) {
                    dist[w] = dv;
                    order[tail++] = w;
                    sigma[w] = sv;
                    pred[ns] = v;
                    nxt[ns] = -1;
                    first[w] = ns;
                    ns++;
                } else if (dw == dv) {
                    sigma[w] += sv;
                    pred[ns] = v;
                    nxt[ns] = first[w];
                    first[w] = ns;
                    ns++;
                }
            }
        }
        for (int64_t i = tail - 1; i >= 0; i--) {
            int64_t w = order[i];
            double coeff = (1.0 + delta[w]) / sigma[w];
            for (int64_t q = first[w]; q >= 0; q = nxt[q]) {
                int64_t v = pred[q];
                delta[v] += sigma[v] * coeff;
            }
            if (w != s) bc[w] += delta[w];
        }
        for (int64_t i = 0; i < tail; i++) {
            int64_t w = order[i];
            sigma[w] = 0.0;
            delta[w] = 0.0;
            dist[w] = -1;
        }
    }
    Py_END_ALLOW_THREADS
    free(sigma), free(delta), free(dist), free(order), free(first), free(pred), free(nxt);
    release(a, 4);
    Py_RETURN_NONE;
}

/* degrees(indptr, indices, weights, out): networkx's weighted degree
 * (adjacency order, a self-loop counted twice). */
static PyObject *degrees(PyObject *self, PyObject *args)
{
    PyObject *o[4];
    arg_t a[4];
    memset(a, 0, sizeof a);
    if (!PyArg_ParseTuple(args, "OOOO", &o[0], &o[1], &o[2], &o[3])) return NULL;
    int64_t n = 0;
    if (take(o[0], &a[0], 'i', 0, "indptr") || take(o[1], &a[1], 'i', 0, "indices") ||
        take(o[2], &a[2], 'd', 0, "weights") || take(o[3], &a[3], 'd', 1, "out") ||
        check_csr(&a[0], &a[1], &n) || check_len(&a[2], LEN(a[1]), "weights") ||
        check_len(&a[3], n, "out")) {
        release(a, 4);
        return NULL;
    }
    const int64_t *indptr = I64(a[0]), *indices = I64(a[1]);
    const double *weights = F64(a[2]);
    double *deg = F64(a[3]);
    Py_BEGIN_ALLOW_THREADS
    for (int64_t u = 0; u < n; u++) {
        double s = 0.0, loop = 0.0;
        for (int64_t p = indptr[u]; p < indptr[u + 1]; p++) {
            s += weights[p];
            if (indices[p] == u) loop = weights[p];
        }
        deg[u] = s + loop;
    }
    Py_END_ALLOW_THREADS
    release(a, 4);
    Py_RETURN_NONE;
}

/* one_level(indptr, indices, weights, deg, order, m, resolution, node2com):
 * one level of networkx's _one_level (undirected); node2com receives each
 * node's community; returns whether any node moved. */
static PyObject *one_level(PyObject *self, PyObject *args)
{
    PyObject *o[6];
    double m, resolution;
    arg_t a[6];
    memset(a, 0, sizeof a);
    if (!PyArg_ParseTuple(args, "OOOOOddO", &o[0], &o[1], &o[2], &o[3], &o[4], &m, &resolution,
                          &o[5]))
        return NULL;
    int64_t n = 0;
    if (take(o[0], &a[0], 'i', 0, "indptr") || take(o[1], &a[1], 'i', 0, "indices") ||
        take(o[2], &a[2], 'd', 0, "weights") || take(o[3], &a[3], 'd', 0, "deg") ||
        take(o[4], &a[4], 'i', 0, "order") || take(o[5], &a[5], 'i', 1, "node2com") ||
        check_csr(&a[0], &a[1], &n) || check_len(&a[2], LEN(a[1]), "weights") ||
        check_len(&a[3], n, "deg") || check_nodes(&a[4], n, "order") ||
        check_len(&a[5], n, "node2com")) {
        release(a, 6);
        return NULL;
    }
    const int64_t *indptr = I64(a[0]), *indices = I64(a[1]), *order = I64(a[4]);
    const double *weights = F64(a[2]), *deg = F64(a[3]);
    int64_t *node2com = I64(a[5]);
    Py_ssize_t n_order = LEN(a[4]);
    size_t nn = (size_t)(n > 0 ? n : 1);
    double *stot = malloc(nn * sizeof(double));
    double *acc = calloc(nn, sizeof(double));
    char *seen = calloc(nn, 1);
    int64_t *touched = malloc((nn + 1) * sizeof(int64_t));
    if (!stot || !acc || !seen || !touched) {
        free(stot), free(acc), free(seen), free(touched);
        release(a, 6);
        return PyErr_NoMemory();
    }
    int improvement = 0;
    Py_BEGIN_ALLOW_THREADS
    for (int64_t u = 0; u < n; u++) {
        stot[u] = deg[u];
        node2com[u] = u;
    }
    double two_m2 = 2 * (m * m);
    int64_t nb_moves = 1;
    while (nb_moves > 0) {
        nb_moves = 0;
        for (Py_ssize_t oi = 0; oi < n_order; oi++) {
            int64_t u = order[oi];
            double best_mod = 0.0;
            int64_t best_com = node2com[u];
            int64_t nt = 0;
            for (int64_t p = indptr[u]; p < indptr[u + 1]; p++) {
                int64_t v = indices[p];
                if (v == u) continue;
                int64_t c = node2com[v];
                if (!seen[c]) {
                    seen[c] = 1;
                    acc[c] = 0.0;
                    touched[nt++] = c;
                }
                acc[c] += weights[p];
            }
            if (!seen[best_com]) { /* defaultdict: the own community comes last */
                seen[best_com] = 1;
                acc[best_com] = 0.0;
                touched[nt++] = best_com;
            }
            double degree = deg[u];
            stot[best_com] -= degree;
            double remove_cost =
                -acc[best_com] / m + resolution * (stot[best_com] * degree) / two_m2;
            for (int64_t i = 0; i < nt; i++) {
                int64_t c = touched[i];
                double gain = remove_cost + acc[c] / m - resolution * (stot[c] * degree) / two_m2;
                if (gain > best_mod) {
                    best_mod = gain;
                    best_com = c;
                }
            }
            stot[best_com] += degree;
            for (int64_t i = 0; i < nt; i++) seen[touched[i]] = 0;
            if (best_com != node2com[u]) {
                improvement = 1;
                nb_moves++;
                node2com[u] = best_com;
            }
        }
    }
    Py_END_ALLOW_THREADS
    free(stot), free(acc), free(seen), free(touched);
    release(a, 6);
    return PyBool_FromLong(improvement);
}

/* modularity_terms(indptr, indices, weights, deg, comm, k, resolution, out):
 * networkx's modularity term of each of the k communities. */
static PyObject *modularity_terms(PyObject *self, PyObject *args)
{
    PyObject *o[6];
    long long k;
    double resolution;
    arg_t a[6];
    memset(a, 0, sizeof a);
    if (!PyArg_ParseTuple(args, "OOOOOLdO", &o[0], &o[1], &o[2], &o[3], &o[4], &k, &resolution,
                          &o[5]))
        return NULL;
    int64_t n = 0;
    if (take(o[0], &a[0], 'i', 0, "indptr") || take(o[1], &a[1], 'i', 0, "indices") ||
        take(o[2], &a[2], 'd', 0, "weights") || take(o[3], &a[3], 'd', 0, "deg") ||
        take(o[4], &a[4], 'i', 0, "comm") || take(o[5], &a[5], 'd', 1, "out") ||
        check_csr(&a[0], &a[1], &n) || check_len(&a[2], LEN(a[1]), "weights") ||
        check_len(&a[3], n, "deg") || check_len(&a[4], n, "comm") ||
        check_nodes(&a[4], k, "comm") || check_len(&a[5], k, "out")) {
        release(a, 6);
        return NULL;
    }
    const int64_t *indptr = I64(a[0]), *indices = I64(a[1]), *comm = I64(a[4]);
    const double *weights = F64(a[2]), *deg = F64(a[3]);
    double *out = F64(a[5]);
    size_t kk = (size_t)(k > 0 ? k : 1);
    double *inside = calloc(kk, sizeof(double));
    double *strength = calloc(kk, sizeof(double));
    if (!inside || !strength) {
        free(inside), free(strength);
        release(a, 6);
        return PyErr_NoMemory();
    }
    Py_BEGIN_ALLOW_THREADS
    double deg_sum = 0.0;
    for (int64_t u = 0; u < n; u++) deg_sum += deg[u];
    double m = deg_sum / 2;
    double norm = 1 / (deg_sum * deg_sum);
    for (int64_t u = 0; u < n; u++) {
        strength[comm[u]] += deg[u];
        for (int64_t p = indptr[u]; p < indptr[u + 1]; p++) {
            int64_t v = indices[p];
            if (v >= u && comm[v] == comm[u]) inside[comm[u]] += weights[p];
        }
    }
    for (int64_t c = 0; c < k; c++)
        out[c] = inside[c] / m - resolution * strength[c] * strength[c] * norm;
    Py_END_ALLOW_THREADS
    free(inside), free(strength);
    release(a, 6);
    Py_RETURN_NONE;
}

/* aggregate(indptr, indices, weights, comm, k, new_indptr, new_indices,
 * new_weights): networkx's _gen_graph, the graph of the k communities with
 * its adjacency in networkx's insertion order (edges numbered by first
 * appearance). new_indptr has k + 1 values, new_indices and new_weights at
 * least 2 * len(indices); returns how many of those were filled. */
static PyObject *aggregate(PyObject *self, PyObject *args)
{
    PyObject *o[7];
    long long k;
    arg_t a[7];
    memset(a, 0, sizeof a);
    if (!PyArg_ParseTuple(args, "OOOOLOOO", &o[0], &o[1], &o[2], &o[3], &k, &o[4], &o[5], &o[6]))
        return NULL;
    int64_t n = 0;
    if (take(o[0], &a[0], 'i', 0, "indptr") || take(o[1], &a[1], 'i', 0, "indices") ||
        take(o[2], &a[2], 'd', 0, "weights") || take(o[3], &a[3], 'i', 0, "comm") ||
        take(o[4], &a[4], 'i', 1, "new_indptr") || take(o[5], &a[5], 'i', 1, "new_indices") ||
        take(o[6], &a[6], 'd', 1, "new_weights") || check_csr(&a[0], &a[1], &n) ||
        check_len(&a[2], LEN(a[1]), "weights") || check_len(&a[3], n, "comm") ||
        check_nodes(&a[3], k, "comm") || check_len(&a[4], k + 1, "new_indptr")) {
        release(a, 7);
        return NULL;
    }
    Py_ssize_t m = LEN(a[1]);
    if (LEN(a[5]) < 2 * m || LEN(a[6]) < 2 * m) {
        PyErr_SetString(PyExc_ValueError, "new_indices, new_weights: too short");
        release(a, 7);
        return NULL;
    }
    const int64_t *indptr = I64(a[0]), *indices = I64(a[1]), *comm = I64(a[3]);
    const double *weights = F64(a[2]);
    int64_t *new_indptr = I64(a[4]), *new_indices = I64(a[5]);
    double *new_weights = F64(a[6]);
    size_t cap = 16;
    int shift = 60; /* hash: the top log2(cap) bits of a Fibonacci product */
    while (cap < 2 * (size_t)m + 2) {
        cap <<= 1;
        shift--;
    }
    size_t mm = (size_t)(m > 0 ? m : 1);
    int64_t *hkey = malloc(cap * sizeof(int64_t));
    int64_t *hval = malloc(cap * sizeof(int64_t));
    int64_t *e1 = malloc(mm * sizeof(int64_t));
    int64_t *e2 = malloc(mm * sizeof(int64_t));
    double *ew = malloc(mm * sizeof(double));
    int64_t *fill = malloc(((size_t)k + 1) * sizeof(int64_t));
    if (!hkey || !hval || !e1 || !e2 || !ew || !fill) {
        free(hkey), free(hval), free(e1), free(e2), free(ew), free(fill);
        release(a, 7);
        return PyErr_NoMemory();
    }
    int64_t total = 0;
    Py_BEGIN_ALLOW_THREADS
    for (size_t i = 0; i < cap; i++) hkey[i] = -1;
    int64_t ne = 0;
    for (int64_t u = 0; u < n; u++) {
        for (int64_t p = indptr[u]; p < indptr[u + 1]; p++) {
            int64_t v = indices[p];
            if (v < u) continue; /* networkx reports each edge from its first node */
            int64_t c1 = comm[u], c2 = comm[v];
            int64_t lo = c1 < c2 ? c1 : c2, hi = c1 < c2 ? c2 : c1;
            int64_t key = lo * (int64_t)k + hi;
            size_t h = (size_t)(((uint64_t)key * 0x9E3779B97F4A7C15ULL) >> shift);
            while (hkey[h] != -1 && hkey[h] != key) h = (h + 1) & (cap - 1);
            if (hkey[h] == -1) {
                hkey[h] = key;
                hval[h] = ne;
                e1[ne] = c1;
                e2[ne] = c2;
                ew[ne] = weights[p] + 0.0;
                ne++;
            } else {
                int64_t j = hval[h];
                ew[j] = weights[p] + ew[j];
            }
        }
    }
    for (int64_t c = 0; c <= k; c++) new_indptr[c] = 0;
    for (int64_t j = 0; j < ne; j++) {
        new_indptr[e1[j] + 1] += 1;
        if (e1[j] != e2[j]) new_indptr[e2[j] + 1] += 1;
    }
    for (int64_t c = 1; c <= k; c++) new_indptr[c] += new_indptr[c - 1];
    for (int64_t c = 0; c < k; c++) fill[c] = new_indptr[c];
    for (int64_t j = 0; j < ne; j++) {
        int64_t x = e1[j], y = e2[j];
        new_indices[fill[x]] = y;
        new_weights[fill[x]] = ew[j];
        fill[x]++;
        if (x != y) {
            new_indices[fill[y]] = x;
            new_weights[fill[y]] = ew[j];
            fill[y]++;
        }
    }
    total = new_indptr[k];
    Py_END_ALLOW_THREADS
    free(hkey), free(hval), free(e1), free(e2), free(ew), free(fill);
    release(a, 7);
    return PyLong_FromLongLong((long long)total);
}

static PyMethodDef methods[] = {
    {"betweenness", betweenness, METH_VARARGS, "Brandes' dependencies summed over sources."},
    {"degrees", degrees, METH_VARARGS, "networkx's weighted degree."},
    {"one_level", one_level, METH_VARARGS, "One level of networkx's Louvain."},
    {"modularity_terms", modularity_terms, METH_VARARGS, "Modularity term of each community."},
    {"aggregate", aggregate, METH_VARARGS, "The graph of communities."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_ckernels",
    "militnet's graph kernels in C (see militnet._engine.kernels).", -1, methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__ckernels(void) { return PyModule_Create(&module); }
