// Out-of-line parts of the expression nodes: Const's ownership of by-reference values.
#include "nodes/primnodes.h"

namespace hyrax::nodes {

Const::Const(const Const& other)
    : Expr(other),
      constlen(other.constlen),
      constbyval(other.constbyval),
      constisnull(other.constisnull),
      constvalue(other.constvalue),
      storage(other.storage) {
  if (!constbyval && !constisnull) constvalue = PointerGetDatum(storage.data());
}

Const& Const::operator=(const Const& other) {
  if (this == &other) return *this;
  Expr::operator=(other);
  constlen = other.constlen;
  constbyval = other.constbyval;
  constisnull = other.constisnull;
  storage = other.storage;
  constvalue = (!constbyval && !constisnull) ? PointerGetDatum(storage.data()) : other.constvalue;
  return *this;
}

}  // namespace hyrax::nodes
