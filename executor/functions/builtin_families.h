// The list of built-in family tables merged by builtin_registry.cpp. Adding a family file:
// define `std::span<const BuiltinFunction> <Family>Builtins()` in it, declare it here and add
// it to AllBuiltinFamilies(). Internal to executor/functions (README.md "Adding a function").
#pragma once

#include <array>
#include <span>

#include "executor/functions/builtin_registry.h"

namespace hyrax::executor {

// clang-format off
std::span<const BuiltinFunction> IntBuiltins();
std::span<const BuiltinFunction> IntArithBuiltins();
std::span<const BuiltinFunction> IntCastBuiltins();
std::span<const BuiltinFunction> IntAggBuiltins();
std::span<const BuiltinFunction> FloatBuiltins();
std::span<const BuiltinFunction> FloatArithBuiltins();
std::span<const BuiltinFunction> FloatAggBuiltins();
std::span<const BuiltinFunction> FloatMathBuiltins();
std::span<const BuiltinFunction> BoolBuiltins();
std::span<const BuiltinFunction> TextBuiltins();
std::span<const BuiltinFunction> VarcharBuiltins();
std::span<const BuiltinFunction> NameBuiltins();
std::span<const BuiltinFunction> CharBuiltins();
std::span<const BuiltinFunction> OidBuiltins();
std::span<const BuiltinFunction> VectorBuiltins();
std::span<const BuiltinFunction> RegprocBuiltins();
std::span<const BuiltinFunction> RegtypeBuiltins();
std::span<const BuiltinFunction> ByteaBuiltins();
std::span<const BuiltinFunction> ByteaFuncBuiltins();
std::span<const BuiltinFunction> ArrayIoBuiltins();
std::span<const BuiltinFunction> PseudoTypeBuiltins();
std::span<const BuiltinFunction> NumericBuiltins();
std::span<const BuiltinFunction> NumericArithBuiltins();
std::span<const BuiltinFunction> NumericAggBuiltins();
std::span<const BuiltinFunction> DateBuiltins();
std::span<const BuiltinFunction> TimeBuiltins();
std::span<const BuiltinFunction> TimestampBuiltins();
std::span<const BuiltinFunction> TimestampArithBuiltins();
std::span<const BuiltinFunction> SleepBuiltins();
std::span<const BuiltinFunction> SessionInfoBuiltins();
std::span<const BuiltinFunction> BackendActivityBuiltins();
std::span<const BuiltinFunction> BackendSignalBuiltins();
std::span<const BuiltinFunction> NetworkBuiltins();
std::span<const BuiltinFunction> RegexBuiltins();
std::span<const BuiltinFunction> RegexFunctionBuiltins();
std::span<const BuiltinFunction> RegexSetFunctionBuiltins();
std::span<const BuiltinFunction> SimilarToBuiltins();
std::span<const BuiltinFunction> UnicodeEscapeBuiltins();
std::span<const BuiltinFunction> IntervalBuiltins();
std::span<const BuiltinFunction> DatetimeFuncBuiltins();
std::span<const BuiltinFunction> ToCharBuiltins();
std::span<const BuiltinFunction> UuidBuiltins();
std::span<const BuiltinFunction> GeometryIoBuiltins();
std::span<const BuiltinFunction> MoneyBuiltins();
std::span<const BuiltinFunction> FormatBuiltins();
std::span<const BuiltinFunction> ArrayAggBuiltins();
std::span<const BuiltinFunction> SeriesBuiltins();
std::span<const BuiltinFunction> InRangeBuiltins();
std::span<const BuiltinFunction> MiscBuiltins();
std::span<const BuiltinFunction> OverlapsBuiltins();
std::span<const BuiltinFunction> ArrayFuncBuiltins();
std::span<const BuiltinFunction> LikeBuiltins();
std::span<const BuiltinFunction> StringBuiltins();
std::span<const BuiltinFunction> AmcheckBuiltins();
std::span<const BuiltinFunction> ObjectInfoBuiltins();
std::span<const BuiltinFunction> ObjectDefinitionBuiltins();
std::span<const BuiltinFunction> FunctionSignatureBuiltins();
std::span<const BuiltinFunction> RelationSizeBuiltins();
std::span<const BuiltinFunction> RelationStatBuiltins();
std::span<const BuiltinFunction> AclBuiltins();
std::span<const BuiltinFunction> SequenceBuiltins();

inline auto AllBuiltinFamilies() {
  return std::array{
      IntBuiltins(),
      IntArithBuiltins(),
      IntCastBuiltins(),
      IntAggBuiltins(),
      FloatBuiltins(),
      FloatArithBuiltins(),
      FloatAggBuiltins(),
      FloatMathBuiltins(),
      BoolBuiltins(),
      TextBuiltins(),
      VarcharBuiltins(),
      NameBuiltins(),
      CharBuiltins(),
      OidBuiltins(),
      VectorBuiltins(),
      RegprocBuiltins(),
      RegtypeBuiltins(),
      ByteaBuiltins(),
      ByteaFuncBuiltins(),
      ArrayIoBuiltins(),
      PseudoTypeBuiltins(),
      NumericBuiltins(),
      NumericArithBuiltins(),
      NumericAggBuiltins(),
      DateBuiltins(),
      TimeBuiltins(),
      TimestampBuiltins(),
      TimestampArithBuiltins(),
      IntervalBuiltins(),
      DatetimeFuncBuiltins(),
      ToCharBuiltins(),
      UuidBuiltins(),
      GeometryIoBuiltins(),
      MoneyBuiltins(),
      FormatBuiltins(),
      ArrayAggBuiltins(),
      SeriesBuiltins(),
      InRangeBuiltins(),
      MiscBuiltins(),
      OverlapsBuiltins(),
      ArrayFuncBuiltins(),
      LikeBuiltins(),
      StringBuiltins(),
      SleepBuiltins(),
      SessionInfoBuiltins(),
      BackendActivityBuiltins(),
      BackendSignalBuiltins(),
      NetworkBuiltins(),
      RegexBuiltins(),
      RegexFunctionBuiltins(),
      RegexSetFunctionBuiltins(),
      SimilarToBuiltins(),
      UnicodeEscapeBuiltins(),
      AmcheckBuiltins(),
      ObjectInfoBuiltins(),
      ObjectDefinitionBuiltins(),
      FunctionSignatureBuiltins(),
      RelationSizeBuiltins(),
      RelationStatBuiltins(),
      AclBuiltins(),
      SequenceBuiltins(),
  };
}
// clang-format on

}  // namespace hyrax::executor
