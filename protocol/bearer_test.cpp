// Tests for bearer credential parsing, comparison and fingerprints.
#include "protocol/bearer.h"

#include <gtest/gtest.h>

#include <string>

namespace mcp {
namespace {

struct BearerCase {
    std::string header;
    BearerError error;
    std::string token;  // expected when error == None
};
void PrintTo(const BearerCase& c, std::ostream* os) { *os << testing::PrintToString(c.header); }

class BearerParse : public ::testing::TestWithParam<BearerCase> {};

TEST_P(BearerParse, GivesTokenOrPreciseError) {
    const BearerCase& c = GetParam();
    BearerCredentials parsed = parseBearerCredentials(c.header);
    EXPECT_EQ(parsed.error, c.error) << "header: \"" << c.header << "\" -> " << describe(parsed.error);
    EXPECT_EQ(parsed.ok(), c.error == BearerError::None);
    EXPECT_EQ(parsed.token, c.token);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, BearerParse,
    ::testing::Values(
        BearerCase{"Bearer abc", BearerError::None, "abc"},
        BearerCase{"Bearer  abc.DEF~==", BearerError::None, "abc.DEF~=="},
        BearerCase{"bearer abc", BearerError::None, "abc"},
        BearerCase{"BEARER abc", BearerError::None, "abc"},
        BearerCase{"bEaReR abc", BearerError::None, "abc"},
        BearerCase{"  \tBearer abc \t ", BearerError::None, "abc"},
        BearerCase{"Bearer aZ09-._~+/", BearerError::None, "aZ09-._~+/"},
        BearerCase{"Bearer a=", BearerError::None, "a="},
        BearerCase{"", BearerError::Empty, ""},
        BearerCase{" \t ", BearerError::Empty, ""},
        BearerCase{"Basic xyz", BearerError::OtherScheme, ""},
        BearerCase{"Bearerabc", BearerError::OtherScheme, ""},
        BearerCase{"Bearer-x abc", BearerError::OtherScheme, ""},
        BearerCase{"Bear abc", BearerError::OtherScheme, ""},
        BearerCase{"abc", BearerError::OtherScheme, ""},
        BearerCase{"Token abc", BearerError::OtherScheme, ""},
        BearerCase{"Bearer", BearerError::MissingToken, ""},
        BearerCase{"Bearer ", BearerError::MissingToken, ""},
        BearerCase{"Bearer    ", BearerError::MissingToken, ""},
        BearerCase{"Bearer\tabc", BearerError::BadSeparator, ""},
        BearerCase{"Bearer,abc", BearerError::BadSeparator, ""},
        BearerCase{"Bearer\xC3\xA9", BearerError::BadSeparator, ""},
        BearerCase{"Bearer a b", BearerError::InvalidCharacter, ""},
        BearerCase{"Bearer a,b", BearerError::InvalidCharacter, ""},
        BearerCase{"Bearer \"abc\"", BearerError::InvalidCharacter, ""},
        BearerCase{"Bearer ab\xC3\xA9", BearerError::InvalidCharacter, ""},
        BearerCase{"Bearer a\tb", BearerError::InvalidCharacter, ""},
        BearerCase{std::string("Bearer a\0b", 10), BearerError::InvalidCharacter, ""},
        BearerCase{"Bearer a=b", BearerError::MisplacedPadding, ""},
        BearerCase{"Bearer =abc", BearerError::MisplacedPadding, ""},
        BearerCase{"Bearer ==", BearerError::MisplacedPadding, ""}));

TEST(Bearer, B64TokenCharSet) {
    std::string accepted;
    for (int c = 0; c < 256; ++c)
        if (isB64TokenChar(static_cast<char>(c))) accepted.push_back(static_cast<char>(c));
    EXPECT_EQ(accepted, "+-./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz~");
}

TEST(Bearer, DescribeIsDistinctAndNeverEmpty) {
    const BearerError errors[] = {BearerError::None,         BearerError::Empty,
                                  BearerError::OtherScheme,  BearerError::MissingToken,
                                  BearerError::BadSeparator, BearerError::InvalidCharacter,
                                  BearerError::MisplacedPadding};
    for (BearerError a : errors) {
        EXPECT_FALSE(describe(a).empty());
        for (BearerError b : errors) {
            if (a == b) continue;
            EXPECT_NE(describe(a), describe(b));
        }
    }
}

TEST(Bearer, ConstantTimeEquals) {
    EXPECT_TRUE(constantTimeEquals("", ""));
    EXPECT_TRUE(constantTimeEquals("secret-token", "secret-token"));
    EXPECT_FALSE(constantTimeEquals("secret-token", "secret-tokeN"));
    EXPECT_FALSE(constantTimeEquals("secret-token", "Secret-token"));
    EXPECT_FALSE(constantTimeEquals("secret", "secret-token"));
    EXPECT_FALSE(constantTimeEquals("abc", ""));
    EXPECT_TRUE(constantTimeEquals(std::string("a\0b", 3), std::string("a\0b", 3)));
    EXPECT_FALSE(constantTimeEquals(std::string("a\0b", 3), std::string("a\0c", 3)));
}

TEST(Bearer, TokenFingerprintIsSha256Prefix) {
    // SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
    EXPECT_EQ(tokenFingerprint("abc"), "sha256:ba7816bf8f01");
    // SHA-256("") = e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
    EXPECT_EQ(tokenFingerprint(""), "sha256:e3b0c44298fc");
    EXPECT_NE(tokenFingerprint("abd"), tokenFingerprint("abc"));
    EXPECT_EQ(tokenFingerprint("secret").find("secret"), std::string::npos);
}

}  // namespace
}  // namespace mcp
