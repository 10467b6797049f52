// PostgreSQL pg_node_tree reader for function defaults (see pg_node_tree.h). The Datum of a
// CONST is written by PostgreSQL as its length and raw bytes ("4 [ 1 0 0 0 0 0 0 0 ]"),
// which for by-value types is the little-endian Datum and for varlena types the value
// with its 4-byte header: both are our in-memory formats too.
#include "nodes/pg_node_tree.h"

#include <cstdlib>
#include <string>

#include "common/error.h"
#include "nodes/make_nodes.h"
#include "nodes/serialize.h"

namespace hyrax::nodes {

namespace {

using nodes::ExprPtr;

class PgTreeReader {
 public:
  explicit PgTreeReader(std::string_view text) : text_(text) {}

  nodes::ExprList List() {
    Expect('(');
    nodes::ExprList list;
    while (!Take(')')) list.push_back(Node());
    return list;
  }

 private:
  [[noreturn]] void Bad(std::string_view what) {
    throw Error(errcode::kInternalError, "invalid pg_node_tree text: " + std::string(what));
  }
  void Space() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\n')) ++pos_;
  }
  bool Take(char c) {
    Space();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  void Expect(char c) {
    if (!Take(c)) Bad(std::string("expected ") + c);
  }
  std::string_view Token() {
    Space();
    size_t start = pos_;
    while (pos_ < text_.size() && text_[pos_] != ' ' && text_[pos_] != '}' && text_[pos_] != ')' &&
           text_[pos_] != '(' && text_[pos_] != '{') {
      ++pos_;
    }
    if (start == pos_) Bad("empty token");
    return text_.substr(start, pos_ - start);
  }
  // Reads ":name" and returns the value token.
  std::string_view Field(std::string_view name) {
    std::string_view label = Token();
    if (label.size() < 2 || label.substr(1) != name) Bad("expected :" + std::string(name));
    return Token();
  }
  int64_t IntField(std::string_view name) {
    return std::strtoll(std::string(Field(name)).c_str(), nullptr, 10);
  }
  bool BoolField(std::string_view name) { return Field(name) == "true"; }

  ExprPtr Node() {
    Expect('{');
    std::string_view tag = Token();
    ExprPtr node;
    if (tag == "CONST") {
      node = ReadConst();
    } else if (tag == "FUNCEXPR") {
      node = ReadFuncExpr();
    } else {
      throw MakeError(errcode::kFeatureNotSupported,
                      "default argument expressions of type {} are not supported", tag);
    }
    Expect('}');
    return node;
  }

  ExprPtr ReadConst() {
    Oid type = static_cast<Oid>(IntField("consttype"));
    int32_t typmod = static_cast<int32_t>(IntField("consttypmod"));
    Oid collation = static_cast<Oid>(IntField("constcollid"));
    int16_t len = static_cast<int16_t>(IntField("constlen"));
    bool byval = BoolField("constbyval");
    bool isnull = BoolField("constisnull");
    int location = static_cast<int>(IntField("location"));
    (void)location;  // the text position is within PostgreSQL's catalog source, not ours
    Token();         // :constvalue
    if (isnull) {
      Token();  // <>
      return nodes::MakeNullConst(type, typmod, collation, len, byval);
    }
    size_t nbytes = std::strtoull(std::string(Token()).c_str(), nullptr, 10);
    Expect('[');
    std::string bytes;
    while (!Take(']'))
      bytes += static_cast<char>(std::strtol(std::string(Token()).c_str(), nullptr, 10));
    if (bytes.size() < nbytes) Bad("short constant");
    Datum value = 0;
    if (byval) {
      for (size_t i = 0; i < bytes.size() && i < sizeof(Datum); ++i) {
        value |= static_cast<Datum>(static_cast<unsigned char>(bytes[i])) << (8 * i);
      }
      // Sign-extend narrow integer types as our Datum helpers do.
      if (len == 2) value = Int16GetDatum(static_cast<int16_t>(value));
      if (len == 4) value = Int32GetDatum(static_cast<int32_t>(value));
      return nodes::MakeConst(type, typmod, collation, len, true, value, false);
    }
    return nodes::MakeConst(type, typmod, collation, len, false, PointerGetDatum(bytes.data()),
                            false);
  }

  ExprPtr ReadFuncExpr() {
    auto f = std::make_shared<nodes::FuncExpr>();
    f->funcid = static_cast<Oid>(IntField("funcid"));
    f->result_type = static_cast<Oid>(IntField("funcresulttype"));
    f->funcretset = BoolField("funcretset");
    f->funcvariadic = BoolField("funcvariadic");
    f->funcformat = static_cast<nodes::CoercionForm>(IntField("funcformat"));
    f->result_collation = static_cast<Oid>(IntField("funccollid"));
    f->inputcollid = static_cast<Oid>(IntField("inputcollid"));
    Token();  // :args
    Space();
    if (pos_ < text_.size() && text_[pos_] == '<') {
      Token();
    } else {
      f->args = List();
    }
    IntField("location");
    return f;
  }

  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

nodes::ExprList ReadPgNodeTreeList(std::string_view text) {
  return PgTreeReader(text).List();
}

ExprList ReadProcArgDefaults(Oid proc_oid, std::string_view text) {
  return proc_oid < kFirstNormalObjectId ? ReadPgNodeTreeList(text) : StringToNodeList(text);
}

}  // namespace hyrax::nodes
