// point and path: text and binary I/O only, as PostgreSQL 15 reads and writes them (geo_ops.c:
// pair_decode / path_decode / path_encode), so tables with such columns can be created,
// loaded (COPY) and read back. A point is 16 bytes by reference (x, y as float8); a path is a
// varlena holding npts, closed and the points. Coordinates go through the float8 text
// conversion (extra_float_digits applies). Geometric operators and functions are not built.
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "common/error.h"
#include "common/varlena.h"
#include "executor/functions/builtin_families.h"
#include "executor/functions/datum_traits.h"
#include "executor/types/float_io.h"
#include "executor/types/type_settings.h"

namespace hyrax::executor {

namespace {

struct Point {
  double x;
  double y;
};

// Layout of a path varlena after its header (PostgreSQL's PATH without the padding word).
struct PathHeader {
  int32_t npts;
  int32_t closed;
};

[[noreturn]] void BadInput(const char* type, const char* text) {
  throw MakeError(errcode::kInvalidTextRepresentation, "invalid input syntax for type {}: \"{}\"",
                  type, text);
}

// float8in_internal: a float8 at *p (leading and trailing blanks skipped); *p moves past it.
double ParseCoordinate(const char** p, const char* type, const char* text) {
  const char* s = *p;
  while (std::isspace(static_cast<unsigned char>(*s))) ++s;
  if (*s == '\0') BadInput(type, text);
  errno = 0;
  char* end = nullptr;
  double v = std::strtod(s, &end);
  if (end == s) BadInput(type, text);
  if (errno == ERANGE && (v == 0.0 || std::isinf(v))) {
    throw MakeError(errcode::kNumericValueOutOfRange,
                    "\"{}\" is out of range for type double precision",
                    std::string(s, static_cast<size_t>(end - s)));
  }
  while (std::isspace(static_cast<unsigned char>(*end))) ++end;
  *p = end;
  return v;
}

// pair_decode: "(x,y)" or "x,y"; *p moves past it (and blanks after a closing paren).
Point ParsePair(const char** p, const char* type, const char* text) {
  const char* s = *p;
  while (std::isspace(static_cast<unsigned char>(*s))) ++s;
  bool delim = *s == '(';
  if (delim) ++s;
  Point pt;
  pt.x = ParseCoordinate(&s, type, text);
  if (*s++ != ',') BadInput(type, text);
  pt.y = ParseCoordinate(&s, type, text);
  if (delim) {
    if (*s++ != ')') BadInput(type, text);
    while (std::isspace(static_cast<unsigned char>(*s))) ++s;
  }
  *p = s;
  return pt;
}

std::string FormatPair(const Point& pt) {
  return "(" + FormatFloat8(pt.x, g_extra_float_digits) + "," +
         FormatFloat8(pt.y, g_extra_float_digits) + ")";
}

Datum MakePoint(const Point& pt) {
  auto* out = static_cast<Point*>(Palloc(sizeof(Point)));
  *out = pt;
  return PointerGetDatum(out);
}

Datum PointIn(FunctionCallInfo* f) {
  const char* text = f->ArgCString(0);
  const char* s = text;
  Point pt = ParsePair(&s, "point", text);
  if (*s != '\0') BadInput("point", text);
  return MakePoint(pt);
}

Datum PointOut(FunctionCallInfo* f) {
  return CStringDatum(FormatPair(*f->ArgPointer<Point>(0)));
}

Datum PointRecv(FunctionCallInfo* f) {
  RecvBuffer* buf = RecvArg(f, 0);
  Point pt;
  pt.x = buf->GetFloat8();
  pt.y = buf->GetFloat8();
  return MakePoint(pt);
}

Datum PointSend(FunctionCallInfo* f) {
  const Point& pt = *f->ArgPointer<Point>(0);
  SendBuffer buf;
  buf.PutFloat8(pt.x);
  buf.PutFloat8(pt.y);
  return buf.Finish();
}

Datum MakePath(const std::vector<Point>& points, bool closed) {
  std::string bytes(sizeof(PathHeader) + points.size() * sizeof(Point), '\0');
  PathHeader header{static_cast<int32_t>(points.size()), closed ? 1 : 0};
  std::memcpy(bytes.data(), &header, sizeof(header));
  if (!points.empty()) {
    std::memcpy(bytes.data() + sizeof(header), points.data(), points.size() * sizeof(Point));
  }
  return MakeVarlenaDatum(bytes);
}

// The path's points (the varlena's data bytes) and whether it is closed.
std::vector<Point> PathPoints(std::string_view bytes, bool* closed) {
  const char* data = bytes.data();
  PathHeader header;
  std::memcpy(&header, data, sizeof(header));
  std::vector<Point> points(static_cast<size_t>(header.npts));
  if (header.npts > 0) {
    std::memcpy(points.data(), data + sizeof(header), points.size() * sizeof(Point));
  }
  *closed = header.closed != 0;
  return points;
}

// path_in: "[(x,y),...]" is open, "((x,y),...)" or "(x,y),..." closed.
Datum PathIn(FunctionCallInfo* f) {
  const char* text = f->ArgCString(0);
  int commas = 0;
  for (const char* c = text; *c; ++c) commas += *c == ',';
  if (commas % 2 == 0) BadInput("path", text);
  size_t npts = static_cast<size_t>((commas + 1) / 2);
  const char* s = text;
  while (std::isspace(static_cast<unsigned char>(*s))) ++s;
  int outer = 0;
  // A single leading paren that is the only one belongs to the whole path.
  if (*s == '(' && std::strrchr(s, '(') == s) {
    ++s;
    ++outer;
  }
  // path_decode
  while (std::isspace(static_cast<unsigned char>(*s))) ++s;
  int depth = 0;
  bool open = *s == '[';
  if (open) {
    ++depth;
    ++s;
  } else if (*s == '(') {
    const char* cp = s + 1;
    while (std::isspace(static_cast<unsigned char>(*cp))) ++cp;
    if (*cp == '(' || std::strrchr(s, '(') == s) {
      ++depth;
      s = cp;
    }
  }
  std::vector<Point> points;
  for (size_t i = 0; i < npts; ++i) {
    points.push_back(ParsePair(&s, "path", text));
    if (*s == ',') ++s;
  }
  while (depth > 0) {
    if (*s == ')' || (*s == ']' && open && depth == 1)) {
      --depth;
      ++s;
      while (std::isspace(static_cast<unsigned char>(*s))) ++s;
    } else {
      BadInput("path", text);
    }
  }
  if (outer > 0) {
    if (*s++ != ')') BadInput("path", text);
    while (std::isspace(static_cast<unsigned char>(*s))) ++s;
  }
  if (*s != '\0') BadInput("path", text);
  return MakePath(points, !open);
}

Datum PathOut(FunctionCallInfo* f) {
  bool closed = false;
  std::vector<Point> points = PathPoints(f->ArgText(0), &closed);
  std::string out = closed ? "(" : "[";
  for (size_t i = 0; i < points.size(); ++i) {
    if (i > 0) out += ",";
    out += FormatPair(points[i]);
  }
  out += closed ? ")" : "]";
  return CStringDatum(out);
}

Datum PathRecv(FunctionCallInfo* f) {
  RecvBuffer* buf = RecvArg(f, 0);
  bool closed = buf->GetUInt8() != 0;
  int32_t npts = buf->GetInt32();
  if (npts <= 0 || static_cast<size_t>(npts) > (kMaxVarlenaSize - 16) / sizeof(Point)) {
    throw Error(errcode::kInvalidBinaryRepresentation,
                "invalid number of points in external \"path\" value");
  }
  std::vector<Point> points(static_cast<size_t>(npts));
  for (auto& pt : points) {
    pt.x = buf->GetFloat8();
    pt.y = buf->GetFloat8();
  }
  return MakePath(points, closed);
}

Datum PathSend(FunctionCallInfo* f) {
  bool closed = false;
  std::vector<Point> points = PathPoints(f->ArgText(0), &closed);
  SendBuffer buf;
  buf.PutUInt8(closed ? 1 : 0);
  buf.PutInt32(static_cast<int32_t>(points.size()));
  for (const auto& pt : points) {
    buf.PutFloat8(pt.x);
    buf.PutFloat8(pt.y);
  }
  return buf.Finish();
}

const BuiltinFunction kGeometryIoBuiltins[] = {
    {"point_in", PointIn, 1},     {"point_out", PointOut, 1}, {"point_recv", PointRecv, 1},
    {"point_send", PointSend, 1}, {"path_in", PathIn, 1},     {"path_out", PathOut, 1},
    {"path_recv", PathRecv, 1},   {"path_send", PathSend, 1},
};

}  // namespace

std::span<const BuiltinFunction> GeometryIoBuiltins() {
  return kGeometryIoBuiltins;
}

}  // namespace hyrax::executor
