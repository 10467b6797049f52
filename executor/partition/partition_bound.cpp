// Text form of partition bounds (see partition_bound.h).
#include "executor/partition/partition_bound.h"

#include "common/error.h"

namespace hyrax::executor {

namespace {

std::string DatumList(const std::vector<BoundDatum>& datums) {
  std::string out = "(";
  for (size_t i = 0; i < datums.size(); ++i) {
    if (i > 0) out += ", ";
    switch (datums[i].kind) {
      case BoundDatum::Kind::kNull:
        out += "NULL";
        break;
      case BoundDatum::Kind::kMinValue:
        out += "MINVALUE";
        break;
      case BoundDatum::Kind::kMaxValue:
        out += "MAXVALUE";
        break;
      case BoundDatum::Kind::kValue:
        out += datums[i].literal;
        break;
    }
  }
  return out + ")";
}

class BoundReader {
 public:
  explicit BoundReader(const std::string& text) : text_(text) {}

  bool Consume(const std::string& word) {
    SkipSpaces();
    if (text_.compare(pos_, word.size(), word) != 0) return false;
    pos_ += word.size();
    return true;
  }
  void Expect(const std::string& word) {
    if (!Consume(word)) Bad();
  }
  std::vector<BoundDatum> List() {
    Expect("(");
    std::vector<BoundDatum> out;
    do {
      out.push_back(Datum());
    } while (Consume(","));
    Expect(")");
    return out;
  }
  int Number() {
    SkipSpaces();
    size_t start = pos_;
    while (pos_ < text_.size() && isdigit(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    if (start == pos_) Bad();
    return std::stoi(text_.substr(start, pos_ - start));
  }
  [[noreturn]] void Bad() const {
    throw MakeError(errcode::kInternalError, "invalid partition bound \"{}\"", text_);
  }

 private:
  void SkipSpaces() {
    while (pos_ < text_.size() && text_[pos_] == ' ') ++pos_;
  }
  BoundDatum Datum() {
    SkipSpaces();
    BoundDatum d;
    size_t start = pos_;
    if (pos_ < text_.size() && text_[pos_] == '\'') {
      ++pos_;
      while (pos_ < text_.size()) {
        if (text_[pos_] == '\'' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\'') {
          pos_ += 2;
        } else if (text_[pos_] == '\'') {
          break;
        } else {
          ++pos_;
        }
      }
      if (pos_ >= text_.size()) Bad();
      ++pos_;
    } else {
      while (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != ')') ++pos_;
    }
    d.literal = text_.substr(start, pos_ - start);
    if (d.literal == "NULL") d.kind = BoundDatum::Kind::kNull;
    if (d.literal == "MINVALUE") d.kind = BoundDatum::Kind::kMinValue;
    if (d.literal == "MAXVALUE") d.kind = BoundDatum::Kind::kMaxValue;
    return d;
  }

  const std::string& text_;
  size_t pos_ = 0;
};

}  // namespace

std::string BoundDatum::Text() const {
  if (literal.empty() || literal[0] != '\'') return literal;
  std::string out;
  for (size_t i = 1; i + 1 < literal.size(); ++i) {
    out += literal[i];
    if (literal[i] == '\'') ++i;  // '' stands for one quote
  }
  return out;
}

std::string RangeBoundText(const std::vector<BoundDatum>& datums) {
  return DatumList(datums);
}

std::string PartitionBoundSpec::ToText() const {
  if (is_default) return "DEFAULT";
  switch (strategy) {
    case 'l':
      return "FOR VALUES IN " + DatumList(list_datums);
    case 'r':
      return "FOR VALUES FROM " + DatumList(lower) + " TO " + DatumList(upper);
    default:
      return "FOR VALUES WITH (modulus " + std::to_string(modulus) + ", remainder " +
             std::to_string(remainder) + ")";
  }
}

PartitionBoundSpec ParsePartitionBound(const std::string& text) {
  PartitionBoundSpec spec;
  BoundReader reader(text);
  if (reader.Consume("DEFAULT")) {
    spec.is_default = true;
    return spec;
  }
  reader.Expect("FOR VALUES");
  if (reader.Consume("IN")) {
    spec.strategy = 'l';
    spec.list_datums = reader.List();
  } else if (reader.Consume("FROM")) {
    spec.strategy = 'r';
    spec.lower = reader.List();
    reader.Expect("TO");
    spec.upper = reader.List();
  } else {
    reader.Expect("WITH (modulus");
    spec.strategy = 'h';
    spec.modulus = reader.Number();
    reader.Expect(", remainder");
    spec.remainder = reader.Number();
    reader.Expect(")");
  }
  return spec;
}

bool IsDefaultBound(const std::string& text) {
  return text == "DEFAULT";
}

}  // namespace hyrax::executor
